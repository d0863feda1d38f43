"""The report as one HTML page: the same content and layout as the DOCX, to preview and to print.

``@page`` sets A4 and the 36-HD/VPTW margins (top and bottom 20 mm, left 30
mm, right 15 mm) and puts the page number at the top centre from page 2
(Chromium ≥ 131 prints ``@page`` margin boxes). Every text goes through
Jinja2 with autoescaping on, so a unit, title or document written as markup
(``<script>…``) is shown as typed, never run. The page holds no script and
loads nothing: the dashboard shows it in a sandboxed ``iframe``.

Fonts: Times New Roman (36-HD/VPTW), else Liberation Serif or Tinos (drawn
to Times' metrics, so lines break where Times breaks them; Debian's
``fonts-liberation``), else Times, else any serif.
"""

from __future__ import annotations

from jinja2 import Environment

from dashboard.report.content import SUPERIOR_PLACEHOLDER, Bullet, FillIn, Heading, Paragraph, ReportContent, Table

TEMPLATE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Báo cáo {{ c.summary }} – {{ c.unit }}</title>
<style>
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font: 14pt "Times New Roman", "Liberation Serif", Tinos, Times, serif; } }
@page :first { @top-center { content: none; } }
html { background: #eee; }
body { margin: 0; font: 14pt/1.25 "Times New Roman", "Liberation Serif", Tinos, Times, serif; color: #000; }
.page { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 15mm 20mm 30mm;
        background: #fff; box-shadow: 0 0 4px rgba(0, 0, 0, .3); }
@media print { html { background: none; } .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; } }
table.head, table.sign { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.head td, table.sign td { vertical-align: top; text-align: center; padding: 0; }
table.head td.left { width: 48.5%; } table.sign td.left { width: 48.5%; text-align: left; }
.head p, .sign p { margin: 0; text-indent: 0; text-align: inherit; }
.issuing, .bold { font-weight: bold; }
.number { white-space: pre; }
.party { display: inline-block; font-size: 15pt; font-weight: bold; border-bottom: 1px solid #000; padding-bottom: 1pt;
         margin-bottom: 6pt; }
.place { font-style: italic; margin-top: 14pt !important; }
h1.type { font-size: 16pt; font-weight: bold; text-align: center; margin: 12pt 0 0; }
p.summary { font-weight: bold; text-align: center; text-indent: 0; margin: 0; }
p.dash { text-align: center; text-indent: 0; margin: 0 0 12pt; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
p.note, p.fill { font-style: italic; }
h2, h3 { font-size: 14pt; font-weight: bold; text-align: justify; text-indent: 1cm; margin: 6pt 0; break-after: avoid; }
h4 { font-size: 14pt; font-weight: bold; font-style: italic; margin: 6pt 0; }
mark { background: #ff0; }
table.data { width: 100%; border-collapse: collapse; font-size: 12pt; margin: 0 0 8pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
table.data th { font-weight: bold; text-align: center; }
table.data thead { display: table-header-group; }
table.data tr { break-inside: avoid; }
td.center { text-align: center; } td.right { text-align: right; } td.left { text-align: left; }
tr.group td { font-weight: bold; font-style: italic; }
tr.total td { font-weight: bold; }
.recipients { font-size: 12pt; } .recipients-title { font-size: 14pt; text-decoration: underline; }
.signer { margin-top: 60pt !important; }
.appendix { break-before: page; margin-top: 16pt; }
.appendix p.title { font-weight: bold; text-align: center; text-indent: 0; margin: 0; }
.appendix p.attached { font-style: italic; text-align: center; text-indent: 0; margin: 0 0 12pt; }
</style>
</head>
<body>
<main class="page">
<table class="head"><tr>
<td class="left">
<p>{% if c.superior %}{{ c.superior_line }}{% else %}<mark>{{ c.superior_line }}</mark>{% endif %}</p>
<p class="issuing">{{ c.issuing_line }}</p>
<p>*</p>
<p class="number">{{ c.number_line }}</p>
</td>
<td><p><span class="party">{{ c.party }}</span></p>
<p class="place">{{ c.place_date }}</p></td>
</tr></table>
<h1 class="type">{{ c.title }}</h1>
<p class="summary">{{ c.summary }}</p>
<p class="dash">-----</p>
{% for kind, b in blocks %}
{%- if kind == "heading" %}<h{{ b.level + 1 }}>{{ b.text }}</h{{ b.level + 1 }}>
{%- elif kind == "paragraph" %}<p{% if b.italic %} class="note"{% endif %}>{{ b.text }}</p>
{%- elif kind == "bullet" %}<p class="bullet">- {{ b.text }}</p>
{%- elif kind == "fill" %}<p class="fill"><mark>{{ b.text }}</mark></p><p>&nbsp;</p>
{%- elif kind == "table" %}{{ table(b) }}
{%- endif %}
{% endfor %}
<table class="sign"><tr>
<td class="left"><p class="recipients-title">Nơi nhận:</p>
{% for line in c.recipients %}<p class="recipients">{% if placeholder in line %}<mark>{{ line }}</mark>{% else %}{{ line }}{% endif %}</p>
{% endfor %}</td>
<td>{% for line in c.signature %}<p class="bold">{{ line }}</p>{% endfor %}
<p class="bold signer"><mark>{{ c.signer }}</mark></p></td>
</tr></table>
{% if c.appendix %}
<section class="appendix">
<p class="title">PHỤ LỤC</p>
<p class="title">Kết quả học tập, quán triệt văn bản theo chi bộ</p>
<p class="attached">(Kèm theo Báo cáo {{ number }} ngày {{ c.date.strftime("%d/%m/%Y") }} của Ban Thường vụ {{ c.committee_name }})</p>
{% for item in c.appendix %}<h4>{{ loop.index }}. {{ item.name }}</h4>
{{ table(item.table) }}
{% endfor %}
</section>
{% endif %}
</main>
</body>
</html>
"""

TABLE = """<table class="data"><colgroup>{% for w in widths %}<col style="width: {{ w }}%">{% endfor %}</colgroup><thead><tr>{% for h in t.header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in t.rows %}{% if row.kind == "group" %}<tr class="group"><td colspan="{{ t.header|length }}">{{ row.cells[0] }}</td></tr>
{% else %}<tr{% if row.kind == "total" %} class="total"{% endif %}>{% for cell in row.cells %}<td class="{{ t.align[loop.index0] }}">{{ cell }}</td>{% endfor %}</tr>
{% endif %}{% endfor %}</tbody></table>"""

_ENV = Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
_PAGE = _ENV.from_string(TEMPLATE)
_TABLE = _ENV.from_string(TABLE)
_KINDS = ((Heading, "heading"), (Paragraph, "paragraph"), (Bullet, "bullet"), (FillIn, "fill"), (Table, "table"))


def _kind(block) -> str:
    return next(name for cls, name in _KINDS if isinstance(block, cls))


def render_html(content: ReportContent) -> str:
    """The report as a standalone HTML document (a string; every value escaped)."""
    from markupsafe import Markup

    def table(block: Table) -> Markup:
        total = sum(block.widths)
        widths = [f"{100 * w / total:.1f}" for w in block.widths]
        return Markup(_TABLE.render(t=block, widths=widths))

    return _PAGE.render(c=content, blocks=[(_kind(b), b) for b in content.body], table=table,
                        placeholder=SUPERIOR_PLACEHOLDER, number=content.number_line.removeprefix("Số").strip())
