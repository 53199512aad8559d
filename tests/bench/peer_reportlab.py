# The ReportLab "peer" of the render benchmark: builds the same yearly summary report as
# build/baocao-render, from the same inputs (the organisation's aggregate JSON, report.json,
# the report template, the format profile and the fonts), with ReportLab's platypus. The
# template's blocks are expanded as pipeline/lib/template.c, render_report.c and fmt.c do
# (placeholders and their formats, when/unless, table totals, chart shares) and set as
# Paragraphs, a Table with a repeated header, a vector bar chart, with page numbers and the
# watermark drawn by onPage callbacks. Fonts are registered and the JSON loaded once per
# process; the expansion, layout and save of each report are timed. Run with Debian's
# /usr/bin/python3 (python3-reportlab), e.g. from the top folder:
#   /usr/bin/python3 tests/bench/peer_reportlab.py --aggregate output/2022/aggregate/DUK.json \
#     --report input/2022/report.json --template templates/report/nam_tong_hop.json \
#     --profile templates/profile/hd36.json --fonts build/fonts --repeat 20 /tmp/peer.pdf
import argparse, datetime, json, math, os, re, sys, time, unicodedata
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import HRFlowable

MISSING = object()  # a path not in the data (JSON null is None)
ALIGN = {'left': TA_LEFT, 'center': TA_CENTER, 'right': TA_RIGHT, 'justify': TA_JUSTIFY}
PLACEHOLDER = re.compile(r'\{([^}]*)\}')

class TemplateError(Exception):  # the data or template cannot make this report
    pass

# ---- values and formats (template.c format_value, fmt.c) ----
def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)

def llround(x):
    return int(math.copysign(math.floor(abs(x) + 0.5), x))

def vi_integer(n):  # 3481 -> "3.481"
    return ('-' if n < 0 else '') + '{:,}'.format(abs(n)).replace(',', '.')

def vi_percent(x):  # 98.57 -> "98,57%", 100.0 -> "100%"
    return ('%.2f' % x).rstrip('0').rstrip('.').replace('.', ',') + '%'

def format_value(v, fmt, unit, spec):
    if v is None:
        return '–'
    if not fmt:
        if isinstance(v, str):
            return v
        if isinstance(v, bool):
            return 'có' if v else 'không'
        if is_number(v):  # a whole number (a year) in plain digits, else two decimals
            return '%d' % v if v == math.floor(v) and abs(v) < 1e15 else ('%.2f' % v).replace('.', ',')
    elif fmt == 'hoa' and isinstance(v, str):
        return v.upper()
    elif fmt in ('ngay', 'ngay_dai') and isinstance(v, str):
        m = re.fullmatch(r'(\d{4})-(\d\d)-(\d\d)', v)
        try:
            d = datetime.date(*map(int, m.groups())) if m else None
        except ValueError:
            d = None
        if d and fmt == 'ngay':
            return '%d/%d/%d' % (d.day, d.month, d.year)
        if d:  # "ngày 09 tháng 01 năm 2023", "ngày 28 tháng 5 năm 2023"
            return 'ngày %02d tháng %s năm %d' % (d.day, '%02d' % d.month if d.month < 3 else d.month, d.year)
    elif is_number(v):
        n = llround(v)
        if fmt == 'so':
            return vi_integer(n)
        if fmt == 'phan_tram':
            return vi_percent(v)
        if fmt == 'dau':
            return ('+' if n > 0 else '') + vi_integer(n)
        if fmt == 'tang_giam':
            if n == 0:
                return 'không thay đổi'
            s = ('tăng ' if n > 0 else 'giảm ') + vi_integer(abs(n))
            return s + ' ' + unit if unit else s
    raise TemplateError('định dạng "%s" không dùng được cho trường {%s}' % (fmt, spec))

class Context:
    """What placeholders see: to_chuc., bao_cao., thoi_gian., else the row (in a table) or the org."""

    def __init__(self, org, report, period):
        self.roots = {'to_chuc': org, 'bao_cao': report, 'thoi_gian': period}
        self.org, self.row, self.row_number, self.rows = org, None, 0, None

    def value(self, path):
        if self.rows is not None and path.startswith('tong.'):  # template.c row_sum
            saved, total = self.row, 0
            for self.row in self.rows:
                v = self.value(path[5:])
                total += llround(v) if is_number(v) else 0
            self.row = saved
            return total
        head, _, rest = path.partition('.')
        j = self.roots[head] if head in self.roots else self.org if self.row is None else self.row
        if head not in self.roots:
            rest = path
        for key in rest.split('.') if rest else ():
            j = j.get(key, MISSING) if isinstance(j, dict) else MISSING
        return j

    def holds(self, path):
        v = self.value(path)
        if v is MISSING or v is None:
            return False
        return bool(v) if isinstance(v, (bool, int, float)) else len(v) > 0

    def applies(self, b):
        return ((not isinstance(b.get('when'), str) or self.holds(b['when'])) and
                (not isinstance(b.get('unless'), str) or not self.holds(b['unless'])))

    def number(self, path):  # a number of the current row; 0 when absent or null
        v = self.value(path) if isinstance(path, str) else None
        return float(v) if is_number(v) else 0.0

    def expand(self, text):
        """A template text with its placeholders, in NFC (render_report.c expand): a string; an
        array of pieces joined by spaces (none before punctuation, none for a piece that comes
        out empty); {"text", "when"/"unless"}; or an enumeration {"items", "sep", ...}."""
        if text is None:
            return ''
        if isinstance(text, dict):
            if 'items' in text:
                return self.enumeration(text)
            return self.expand(text.get('text')) if self.applies(text) else ''
        if isinstance(text, list):
            out = ''
            for piece in text:
                t = self.expand(piece)
                if not t:
                    continue
                out += t if not out or out.endswith(' ') or t[0] in ',.;:)' else ' ' + t
            return out
        return unicodedata.normalize('NFC', PLACEHOLDER.sub(self._one, text))

    def enumeration(self, e):  # render_report.c enumeration: "a, b và c" of the items that hold
        texts = []
        for it in e.get('items', []):
            if isinstance(it, dict) and 'items' not in it:
                if not self.applies(it):
                    continue
                it = it.get('text')
            t = self.expand(it)
            if t:
                texts.append(t)
        if not texts:
            return self.expand(e.get('empty'))
        sep, last = e.get('sep', ', '), e.get('last_sep')
        out = texts[0]
        for i, t in enumerate(texts[1:], 1):
            out += (last if i + 1 == len(texts) and last else sep) + t
        return self.expand(e.get('before')) + out + self.expand(e.get('after'))

    def _one(self, m):
        spec, _, fmt = m.group(1).partition('|')
        fmt, _, unit = fmt.partition(':')
        if spec == '#':
            return str(self.row_number)
        optional = len(spec) > 1 and spec.endswith('?')  # "path?": absent counts as 0
        v = self.value(spec[:-1] if optional else spec)
        if v is MISSING and optional:
            v = 0
        if v is MISSING:
            raise TemplateError('trường {%s} không có trong dữ liệu' % spec)
        return format_value(v, fmt, unit, spec)

def period_of(org, report):  # render.c period_of and document_date
    m = re.match(r'(\d{1,4})(?:-(\d{1,2}))?', org.get('ky') or '')
    if not m or 'ngay_cuoi_ky' not in org:
        raise TemplateError('thiếu "ky" hoặc "ngay_cuoi_ky"')
    year, month = int(m.group(1)), int(m.group(2) or 0)
    date = report.get('ngay_van_ban')
    if not date and os.environ.get('SOURCE_DATE_EPOCH'):
        date = time.strftime('%Y-%m-%d', time.gmtime(int(os.environ['SOURCE_DATE_EPOCH'])))
    if not date:
        raise TemplateError('thiếu ngay_van_ban và SOURCE_DATE_EPOCH')
    return {'nam': year, 'nam_truoc': year - 1, 'nam_sau': year + 1, 'thang': month or None,
            'ngay_cuoi_ky': org['ngay_cuoi_ky'], 'ngay_van_ban': date}

# ---- the profile's styles and fixed blocks ----
class Styles(dict):
    def __init__(self, prof, faces):
        super().__init__()
        self.extra = {}
        for name, s in prof['styles'].items():
            self[name] = ParagraphStyle(
                name, fontName=faces[s.get('font', 'regular')], fontSize=s['size'],
                leading=s.get('leading', s['size'] * 1.2), spaceBefore=s.get('before', 0),
                spaceAfter=s.get('after', 0), firstLineIndent=s.get('indent_mm', 0) * mm,
                alignment=ALIGN[s.get('align', 'left')], allowWidows=0, spaceShrinkage=0)  # lines never overflow
            self.extra[name] = (s.get('underline', False), s.get('rule', 0), s.get('rule_gap', 0))
        self.cache = {}

    def variant(self, name, **kw):  # e.g. a heading (kept with the next block), a table column
        key = (name,) + tuple(sorted(kw.items()))
        if key not in self.cache:
            self.cache[key] = ParagraphStyle('%s%r' % key, parent=self[name], **kw)
        return self.cache[key]

class Columns(Flowable):
    """The header or the signature: columns of lines side by side, between from_mm and to_mm."""

    def __init__(self, columns, before, after):
        Flowable.__init__(self)
        self.columns, self.spaceBefore, self.spaceAfter = columns, before, after

    def wrap(self, aW, aH):
        self.height = 0
        for x0, x1, lines in self.columns:
            y = 0
            for p, gap, rule in lines:
                y += gap + p.style.spaceBefore + p.wrap(x1 - x0, aH)[1] + p.style.spaceAfter
            self.height = max(self.height, y)
        return aW, self.height

    def draw(self):
        for x0, x1, lines in self.columns:
            y = self.height
            for p, gap, (width, rule_gap, text) in lines:
                y -= gap + p.style.spaceBefore + p.height
                p.drawOn(self.canv, x0, y)
                if width:  # a rule under the last line, as wide as the text (quốc hiệu)
                    w = min(pdfmetrics.stringWidth(text, p.style.fontName, p.style.fontSize), x1 - x0)
                    ry = y + p.style.leading - p.style.fontSize - rule_gap
                    self.canv.setLineWidth(width)
                    self.canv.line((x0 + x1 - w) / 2, ry, (x0 + x1 + w) / 2, ry)
                y -= p.style.spaceAfter

def fixed_block(ctx, blk, prof, st, text_width):
    columns = []
    for side in ('left', 'right'):
        col, lines, gap = blk[side], [], 0
        for ln in col['lines']:
            gap += ln.get('gap', 0)
            if 'style' not in ln:
                continue
            if 'text' in ln:
                texts = [ctx.expand(ln['text'])]
            else:  # a list: an item a line, data as it is (no placeholders)
                items, lp = ctx.value(ln['list']), prof['list']
                items = items if isinstance(items, list) else []
                texts = [lp['prefix'] + (s if isinstance(s, str) else '') +
                         (lp['last_suffix'] if k + 1 == len(items) else lp['suffix'])
                         for k, s in enumerate(items)]
            underline, rule, rule_gap = st.extra[ln['style']]
            for t in filter(None, texts):
                markup = '<u>%s</u>' % escape(t) if underline else escape(t)
                lines.append((Paragraph(markup, st[ln['style']]), gap, (rule, rule_gap, t)))
                gap = 0
            gap = 0
        x1 = col.get('to_mm', -1) * mm
        columns.append((col.get('from_mm', 0) * mm, x1 if x1 > 0 else text_width, lines))
    return [Columns(columns, blk.get('before', 0), blk.get('after', 0))]

# ---- tables and charts (render_report.c) ----
class CaptionedTable(Table):
    """A Table whose rows continued on a new page come under the "continued" caption."""
    caption = None

    def split(self, aW, aH):
        parts = Table.split(self, aW, aH)
        if len(parts) != 2:
            return parts
        parts[1].caption = self.caption
        return [parts[0], PageBreak()] + ([Paragraph(*self.caption)] if self.caption else []) + [parts[1]]

def rows_of(ctx, b):
    rows = ctx.value(b.get('rows', ''))
    if not isinstance(rows, list):
        raise TemplateError('"rows" phải chỉ tới một mảng của dữ liệu')
    return rows

def column_sum(ctx, rows, value):
    """A total of "sum": the column's values added up; the value's format is kept."""
    m = re.fullmatch(r'\{([^{}]+)\}', value or '')
    if not m:
        raise TemplateError('cột có "total": "sum" cần "value" là một trường {…}')
    path, bar, fmt = m.group(1).partition('|')
    total = 0
    for row in rows:
        ctx.row = row
        v = ctx.value(path)
        total += llround(v) if is_number(v) else 0
    ctx.row = {'tong': total}
    s = ctx.expand('{tong%s%s}' % (bar, fmt))
    ctx.row = None
    return s

def table(ctx, b, prof, st, text_width):
    rows, cols = rows_of(ctx, b), [c for c in b['columns'] if ctx.applies(c)]
    has_total = any('total' in c for c in cols)
    weights = [c['weight'] if is_number(c.get('weight')) and c['weight'] > 0 else 1 for c in cols]
    aligns = [c.get('align', 'left').replace('justify', 'left') for c in cols]
    head = st.variant(b.get('head_style', 'table_head'), alignment=TA_CENTER)
    body = [st.variant(b.get('body_style', 'table_body'), alignment=ALIGN[a]) for a in aligns]
    bold = [st.variant(b.get('total_style', 'table_total'), alignment=ALIGN[a]) for a in aligns]
    data = [[Paragraph(escape(ctx.expand(c.get('title'))), head) for c in cols]]
    for r, row in enumerate(rows):
        ctx.row, ctx.row_number = row, r + 1
        data.append([Paragraph(escape(ctx.expand(c.get('value'))), s) for c, s in zip(cols, body)])
    if has_total:
        ctx.row, ctx.row_number, ctx.rows = None, len(rows) + 1, rows
        data.append([Paragraph(escape(column_sum(ctx, rows, c.get('value')) if c.get('total') == 'sum'
                                      else ctx.expand(c.get('total'))), s) for c, s in zip(cols, bold)])
    ctx.row, ctx.rows = None, None
    tp, gray = prof['table'], prof['table']['head_gray']
    t = CaptionedTable(data, colWidths=[text_width * w / sum(weights) for w in weights], repeatRows=1,
                       spaceBefore=b.get('before', 0), spaceAfter=b.get('after', 0), style=TableStyle([
                           ('FONT', (0, 0), (-1, -1), body[0].fontName, body[0].fontSize),  # no Helvetica
                           ('GRID', (0, 0), (-1, -1), tp['border'], black),
                           ('BACKGROUND', (0, 0), (-1, 0), Color(gray, gray, gray)),
                           ('VALIGN', (0, 0), (-1, -1), 'MIDDLE')] +
                          [(side + 'PADDING', (0, 0), (-1, -1), tp['padding'])
                           for side in ('LEFT', 'RIGHT', 'TOP', 'BOTTOM')]))
    caption = ctx.expand(b.get('continued'))
    if caption:
        t.caption = (escape(caption), st[b.get('continued_style', 'table_continued')])
    return [t]

def chart(ctx, b, prof, st, text_width):
    """Bars of a value per row (or of a share, "sum" over "of", in percent) on a 0-100% axis."""
    rows, values, labels = rows_of(ctx, b), [], []
    for i, row in enumerate(rows):
        ctx.row, ctx.row_number = row, i + 1
        if 'sum' in b:
            num, of = sum(ctx.number(p) for p in b['sum']), ctx.number(b.get('of'))
            values.append(100 * num / of if of > 0 else 0)
        else:
            values.append(ctx.number(b.get('value')))
        labels.append(ctx.expand(b.get('label')))
    ctx.row = None
    title = ctx.expand(b.get('title'))
    if not rows:
        return []
    every = b.get('label_every', 0)
    if not is_number(every) or every < 1:
        every = math.ceil(len(rows) / 20) if len(rows) > 20 else 1
    ax, cp = st[b.get('axis_style', 'chart_axis')], prof['chart']
    label_w = pdfmetrics.stringWidth('100%', ax.fontName, ax.fontSize) + ax.fontSize * 0.5
    height, lw = cp.get('height_mm', 50) * mm, cp.get('line_width', 0.6)
    bar, grid = cp.get('bar_gray', 0.45), cp.get('grid_gray', 0.8)
    d = Drawing(text_width, height + ax.fontSize / 2 + ax.leading * 1.2, initialFontName=ax.fontName)
    bc = VerticalBarChart()
    bc.x, bc.y, bc.width, bc.height = label_w, ax.leading * 1.2, text_width - label_w, height
    bc.data = [[min(max(v, 0), 100) for v in values]]
    bc.barWidth, bc.groupSpacing = 7, 3  # bars on 70% of their slot
    bc.bars.strokeColor, bc.bars[0].fillColor = None, Color(bar, bar, bar)
    va, ca = bc.valueAxis, bc.categoryAxis
    va.valueMin, va.valueMax, va.valueStep, va.labelTextFormat = 0, 100, 25, '%d%%'
    va.visibleGrid, va.gridStrokeColor, va.gridStrokeWidth = 1, Color(grid, grid, grid), lw / 2
    va.strokeWidth, ca.strokeWidth, va.visibleTicks, ca.visibleTicks = lw, lw, 0, 0
    ca.categoryNames = [s if (i + 1) % every == 0 else '' for i, s in enumerate(labels)]
    for axis in (va, ca):
        axis.labels.fontName, axis.labels.fontSize = ax.fontName, ax.fontSize
    d.add(bc)
    ts = st.variant(b.get('title_style', 'chart_title'), alignment=TA_CENTER)
    space = lambda k: [Spacer(0, b[k])] if b.get(k) else []
    return space('before') + [KeepTogether([Paragraph(escape(title), ts), d])] + space('after')

# ---- the document ----
def story_of(ctx, tpl, prof, st, text_width):
    story = []
    for i, b in enumerate(tpl['blocks'], 1):
        if not ctx.applies(b):
            continue
        kind = b.get('type')
        if kind in ('paragraph', 'heading'):
            text = ctx.expand(b.get('text'))
            style = b.get('style', 'heading1' if kind == 'heading' else 'body')
            if text and kind == 'heading':
                p = Paragraph(escape(text), st.variant(style, keepWithNext=1))
                p.outline = (text, b.get('level', 1))
                story.append(p)
            elif text:
                story.append(Paragraph(escape(text), st[style]))
        elif kind == 'paragraphs':  # report.json's prose, a paragraph a string
            items = ctx.value(b.get('items', ''))
            for s in items if isinstance(items, list) else ():
                if not isinstance(s, str):
                    raise TemplateError('%s phải là mảng chuỗi' % b['items'])
                if s:
                    story.append(Paragraph(escape(unicodedata.normalize('NFC', s)),
                                           st[b.get('style', 'body')]))
        elif kind in ('header', 'signature'):
            story += fixed_block(ctx, prof[kind], prof, st, text_width)
        elif kind == 'rule':
            r = prof['title_rule']
            story.append(HRFlowable(width=r['length_mm'] * mm, thickness=r.get('width', 0.5), color=black,
                                    lineCap='butt', spaceBefore=r.get('before', 0), spaceAfter=r.get('after', 0)))
        elif kind == 'table':
            story += table(ctx, b, prof, st, text_width)
        elif kind == 'chart':
            story += chart(ctx, b, prof, st, text_width)
        elif kind == 'page_break':
            story.append(PageBreak())
        else:
            raise TemplateError('khối %d: loại khối "%s" không có' % (i, kind))
    return story

class KeepWithFirstLines(KeepTogether):
    """keepWithNext as our layout does it: headings stay with the first two lines of a paragraph
    of four lines or more (a shorter one is not split: no lone first or last line), else with all."""

    def split(self, aW, aH):
        *heads, last = self._content
        need = sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in heads)
        h = last.wrap(aW, aH)[1]
        if isinstance(last, Paragraph) and h >= 4 * last.style.leading - 1e-6:
            h = 2 * last.style.leading
        return self._content[:] if need + last.getSpaceBefore() + h <= aH else KeepTogether.split(self, aW, aH)

class ReportDoc(BaseDocTemplate):
    def __init__(self, out, prof, st, faces, info, watermark):
        pg = prof['page']
        BaseDocTemplate.__init__(
            self, out, pagesize=(pg['width_mm'] * mm, pg['height_mm'] * mm),
            leftMargin=pg['left_mm'] * mm, rightMargin=pg['right_mm'] * mm, topMargin=pg['top_mm'] * mm,
            bottomMargin=pg['bottom_mm'] * mm, invariant=1, pageCompression=1,
            initialFontName=faces['regular'], keepTogetherClass=KeepWithFirstLines,
            creator='peer_reportlab (ReportLab %s)' % reportlab.Version, **info)
        self.prof, self.st, self.watermark, self.level = prof, st, watermark, -1
        frame = lambda: Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id='body',
                              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate('first', [frame()], onPage=self.decorate, autoNextPageTemplate='later'),
            PageTemplate('later', [frame()], onPage=self.decorate_numbered)])

    def decorate(self, canv, doc):  # the watermark, under the page's content
        if not self.watermark:
            return
        wm, s = self.prof['watermark'], self.st['watermark']
        canv.saveState()
        canv.setFillGray(wm['gray'])
        canv.setFont(s.fontName, s.fontSize)
        canv.translate(self.pagesize[0] / 2, self.pagesize[1] / 2)
        canv.rotate(wm['angle'])
        canv.drawCentredString(0, -s.fontSize * 0.34, wm['text'])
        canv.restoreState()

    def decorate_numbered(self, canv, doc):  # pages from the second: their number at the top
        self.decorate(canv, doc)
        s = self.st['page_number']
        canv.setFont(s.fontName, s.fontSize)
        canv.drawCentredString(self.leftMargin + self.width / 2,
                               self.pagesize[1] - self.prof['page_number']['from_top_mm'] * mm, str(doc.page))

    def afterFlowable(self, f):  # headings in the outline, nested by their level
        if getattr(f, 'outline', None):
            title, level = f.outline
            self.level = min(max(int(level), 1) - 1, self.level + 1)
            key = 'h%d' % id(f)
            self.canv.bookmarkHorizontal(key, 0, self.frame._y + f.getSpaceAfter() + f.height)
            self.canv.addOutlineEntry(title, key, level=self.level)

def render(out, org, report, period, tpl, prof, faces):
    ctx, st = Context(org, report, period), Styles(prof, faces)
    info = {k: ctx.expand(v) for k, v in tpl.get('info', {}).items()
            if k in ('title', 'author', 'subject', 'keywords')}
    doc = ReportDoc(out, prof, st, faces, info, report.get('du_lieu_mau') is True)
    doc.build(story_of(ctx, tpl, prof, st, doc.width))

BLANK_NUMBER = '\u00a0' * 6  # document.c blank_number

def document_of(report, org, numbers):  # document.c document_of: the report's own identity
    doc, draft = dict(report), org.get('du_thao') is True
    if not org.get('ma_cap_tren'):  # the root's summary: report.json's document
        given = report.get('so_van_ban')
        if draft and isinstance(given, str):
            doc['so_van_ban'] = BLANK_NUMBER + given.lstrip('0123456789')
        return doc
    notice = report.get('thong_bao_to_chuc') or {}
    form, to = notice.get('so_van_ban'), notice.get('noi_nhan')
    if not isinstance(form, str) or not isinstance(to, list) or not numbers:
        raise TemplateError('thiếu thong_bao_to_chuc hoặc thư mục số văn bản')
    with open(os.path.join(numbers, org['ma_to_chuc'] + '.txt'), encoding='utf-8') as f:
        n = int(f.read().split()[0])
    for k, v in notice.items():
        if k not in ('so_van_ban', 'noi_nhan', 'so_dau'):
            doc[k] = v
    number = BLANK_NUMBER if draft else '%02d' % n
    doc['so_van_ban'] = form.replace('{so}', number, 1) if '{so}' in form else form
    doc['noi_nhan'] = [org['ten_to_chuc']] + to
    return doc

def template_name(org):  # render.c template_path, for a yearly or monthly report
    if re.match(r'\d{4}-\d{2}$', org.get('ky') or ''):
        return 'thang'
    return 'nam_tong_hop' if not org.get('ma_cap_tren') else 'nam_to_chuc'

def main():
    ap = argparse.ArgumentParser(description='ReportLab peer of baocao-render (benchmark)')
    for opt in ('aggregate', 'report', 'template', 'profile', 'fonts'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('--numbers', help='the so-van-ban folder (the notices\' numbers)')
    ap.add_argument('--repeat', type=int, default=1)
    ap.add_argument('output', help='the PDF, or a folder when --aggregate is a folder')
    a = ap.parse_args()
    load = lambda p: json.load(open(p, encoding='utf-8'))
    report, prof = load(a.report), load(a.profile)
    faces = {}
    for face, file in prof['fonts'].items():
        faces[face] = os.path.splitext(file)[0]
        pdfmetrics.registerFont(TTFont(faces[face], os.path.join(a.fonts, file)))
    # one report, or every organisation of an aggregate folder (one process, fonts registered once)
    if os.path.isdir(a.aggregate):
        paths = sorted(os.path.join(a.aggregate, f) for f in os.listdir(a.aggregate) if f.endswith('.json'))
        os.makedirs(a.output, exist_ok=True)
    else:
        paths = [a.aggregate]
    templates = {}
    def template_of(org):
        name = template_name(org) if os.path.isdir(a.template) else a.template
        if name not in templates:
            templates[name] = load(os.path.join(a.template, name + '.json') if os.path.isdir(a.template) else name)
        return templates[name]
    n = max(a.repeat, 1)
    orgs = [load(p) for p in paths]
    try:
        t0 = time.perf_counter()
        for _ in range(n):
            for org in orgs:
                out = os.path.join(a.output, org['ma_to_chuc'] + '.pdf') if os.path.isdir(a.aggregate) else a.output
                doc = document_of(report, org, a.numbers) if a.numbers or not org.get('ma_cap_tren') else report
                render(out, org, doc, period_of(org, doc), template_of(org), prof, faces)
        ms = (time.perf_counter() - t0) * 1000 / n / len(orgs)
    except TemplateError as e:
        sys.exit('peer_reportlab: %s: %s' % (org.get('ma_to_chuc', a.aggregate), e))
    print('peer_reportlab: %d reports, %.3f ms per report' % (n * len(orgs), ms))


if __name__ == '__main__':
    main()
