# The ReportLab "peer" of the render benchmark: reads a layout dump (the positioned pages our
# C + libharu renderer prints) and draws exactly the same items with reportlab.pdfgen.canvas,
# so that time per report and PDF size can be compared. Run with /usr/bin/python3 (Debian's
# python3-reportlab). The dump is parsed and the fonts registered once per process; only the
# drawing and writing of each report is timed.
import argparse, math, sys, time
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def parse(path):
    """Returns (pages, marks): pages as [(width, height, items)], marks as [(level, page, y, title)]."""
    pages, marks = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            t = line.rstrip('\n').split('\t')
            if t[0] == 'page':
                pages.append((float(t[2]), float(t[3]), []))
            elif t[0] == 'text':  # x y face size gray angle width TEXT (the text is the rest)
                x, y = float(t[1]), float(t[2])
                pages[-1][2].append(('text', x, y, t[3], float(t[4]), float(t[5]),
                                     float(t[6]), float(t[7]), '\t'.join(t[8:])))
            elif t[0] in ('line', 'rect'):
                pages[-1][2].append((t[0],) + tuple(float(v) for v in t[1:]))
            elif t[0] == 'mark':
                marks.append((int(t[1]), int(t[2]), float(t[3]), '\t'.join(t[4:])))
            elif t[0]:
                sys.exit('peer_render: %s: unknown item %r' % (path, t[0]))
    return pages, marks


def render(pages, marks, out, first_face, title=None, author=None):
    # initialFontName: a registered face, else ReportLab adds an unused Helvetica to every PDF
    c = canvas.Canvas(out, invariant=1, pageCompression=1, initialFontName=first_face)
    if title: c.setTitle(title)
    if author: c.setAuthor(author)
    dests = {}  # page -> [(mark number, y)]: a bookmark is made while its page is current
    for i, (_, page, y, _) in enumerate(marks):
        dests.setdefault(page, []).append((i, y))
    for pno, (w, h, items) in enumerate(pages, 1):
        c.setPageSize((w, h))
        text = None  # the open text object: consecutive texts share one BT ... ET, as ours do
        for it in items:
            if it[0] == 'text':
                _, x, y, face, size, gray, angle, _, s = it
                if text is None:
                    text, font = c.beginText(), None
                if (face, size) != font:
                    text.setFont(face, size)
                    font = (face, size)
                text.setFillGray(gray)
                a = math.radians(angle)
                text.setTextTransform(math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y)
                text.textOut(s)
                continue
            if text is not None:
                c.drawText(text)
                text = None
            if it[0] == 'line':
                _, x, y, x2, y2, thick, gray = it
                c.setLineWidth(thick)
                c.setStrokeGray(gray)
                c.line(x, y, x2, y2)
            else:
                _, x, y, x2, y2, gray = it
                c.setFillGray(gray)
                c.rect(min(x, x2), min(y, y2), abs(x2 - x), abs(y2 - y), stroke=0, fill=1)
        if text is not None:
            c.drawText(text)
        for i, y in dests.get(pno, ()):
            c.bookmarkPage('m%d' % i, fit='FitH', top=y)
        c.showPage()
    prev = -1  # ReportLab's levels start at 0 and may go at most one deeper than the last
    for i, (level, _, _, title_) in enumerate(marks):
        prev = min(max(level, 1) - 1, prev + 1)
        c.addOutlineEntry(title_, 'm%d' % i, level=prev)
    if marks:
        c.showOutline()
    c.save()


def check(pages):
    """Compares our measured widths with ReportLab's. Ours are truncated to 1/1000 em per glyph
    (as libharu's), ReportLab's are exact: a glyph may differ by 1/1000 em, plus the dump's
    rounding. Returns the number of texts that differ by more (a different font or metrics)."""
    n = bad = worst = 0
    for pno, (_, _, items) in enumerate(pages, 1):
        for it in (i for i in items if i[0] == 'text'):
            n += 1
            d = pdfmetrics.stringWidth(it[8], it[3], it[4]) - it[7]
            worst = max(worst, abs(d))
            if abs(d) > len(it[8]) * it[4] / 1000 + 0.006:
                bad += 1
                print('peer_render: page %d: %r: ours %.2f, ReportLab %.2f'
                      % (pno, it[8], it[7], it[7] + d), file=sys.stderr)
    print('peer_render: --check: %d texts, %d differ, largest difference %.3f pt'
          % (n, bad, worst), file=sys.stderr)
    return bad


def main():
    ap = argparse.ArgumentParser(description='Draw a layout dump with ReportLab.')
    ap.add_argument('--fonts', required=True, help='FACE=PATH[,FACE=PATH...]')
    ap.add_argument('--repeat', type=int, default=1, help='render N times, print ms per report')
    ap.add_argument('--check', action='store_true', help='compare text widths with the dump')
    ap.add_argument('--title')
    ap.add_argument('--author')
    ap.add_argument('dump')
    ap.add_argument('out')
    a = ap.parse_args()
    faces = [spec.partition('=') for spec in a.fonts.split(',')]
    for face, _, path in faces:
        pdfmetrics.registerFont(TTFont(face, path))
    pages, marks = parse(a.dump)
    if a.check and check(pages):
        return 1
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        render(pages, marks, a.out, faces[0][0], a.title, a.author)
    ms = (time.perf_counter() - t0) * 1000 / a.repeat
    print('peer_render: %d reports, %.3f ms per report' % (a.repeat, ms))
    return 0


if __name__ == '__main__':
    sys.exit(main())
