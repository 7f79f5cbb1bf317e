#!/usr/bin/env python3
"""Renders each corpus article (NAME.expect: the structure an import must recover)
into the paste form named in its header (NAME.txt / .html / .docx), the way editors
receive articles: Word copy, web/WeChat copy, hard-wrapped text (PDF copy or a text
editor's wrap) at a given measure, with or without indents, in UTF-8, GBK or UTF-16,
with LF, CRLF, CR or U+2028 line ends; saved web pages; Word documents.

Run once to (re)make the sources: python3 tests/corpus/render.py. The sources are
committed; the test reads them and the .expect files, never this script."""
import glob, io, os, random, sys, zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
IDEO = '\u3000'
NO_START = set('。，、；：？！”’）》」』…')


def parse(path):
    meta, items = {}, []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line:
            continue
        if line.startswith('# '):
            k, _, v = line[2:].partition(':')
            meta[k.strip()] = v.strip()
            continue
        kind, _, rest = line.partition(' ')
        if kind == 'sig':
            # A notice's signature: the issuing body and the date, each on a line
            # of its own, set like the paragraphs around them.
            items.extend(('p', x.strip()) for x in rest.split('|'))
            continue
        items.append((kind, rest))
    return meta, items


def em(c):
    return 0.5 if ord(c) < 0x80 else 1.0


def wrap(text, measure, first_indent, by, hang):
    """Greedy hard wrap at `measure` (em when by == 'w', characters when by == 'c');
    `hang` keeps closing punctuation off a line start (as a PDF's lines do) and Latin
    words whole."""
    out, line, w = [], first_indent, (len(first_indent) if by == 'c' else len(first_indent))
    i = 0
    while i < len(text):
        c = text[i]
        # A run of ASCII letters/digits stays whole when hanging.
        j = i + 1
        if hang and c.isascii() and c.isalnum():
            while j < len(text) and text[j].isascii() and text[j].isalnum():
                j += 1
        piece = text[i:j]
        pw = len(piece) if by == 'c' else sum(em(x) for x in piece)
        if w + pw > measure + 1e-6 and line.strip() and not (hang and piece[0] in NO_START):
            out.append(line)
            line, w = '', 0
        line += piece
        w += pw
        i = j
    if line:
        out.append(line)
    return out


def byline_text(meta, items):
    for kind, rest in items:
        if kind == 'byline':
            k, _, v = rest.partition(' ')
            if k == 'author':
                names = v.split()
                label = meta.get('byline-label')
                if label:
                    return 'label', f'{label}{IDEO}{IDEO.join(names)}' if not label.endswith('：') else label + IDEO.join(names)
                return 'paren', '（' + IDEO.join(names) + '）'
            if v.startswith(('来源：', '来源:')):
                return 'label', v
            return 'paren', '（' + v + '）'
    return None, None


def list_lines(meta, items):
    style = meta.get('list', 'u3000')
    out = []
    ordinal = meta.get('cat-ordinal', 'yes') == 'yes'
    ncat = 0
    for kind, rest in items:
        if kind == 'cat':
            ncat += 1
            out.append(('cat', ('一二三四五六七八九十'[ncat - 1] + '、' if ordinal else '') + rest))
        elif kind == 'row':
            name, org, award = [x.strip() for x in rest.split('|')]
            if style == 'tab':
                s = '\t'.join(x for x in (name, org, award) if x)
            elif style == 'spaces':
                s = '    '.join(x for x in (name, org, award) if x)
            elif style == 'single':
                n = name if len(name) != 2 else name[0] + ' ' + name[1]
                s = ' '.join(x for x in (n, org, award) if x)
            elif style == 'paren':
                s = f'{name}（{org}）' + (f'{IDEO}{award}' if award else '')
            else:  # u3000 with padded two-character names
                n = name if len(name) != 2 else name[0] + IDEO + name[1]
                s = IDEO.join(x for x in (n, org, award) if x)
            out.append(('row', s))
        elif kind == 'org':
            out.append(('row', rest))
    return out


def render_text(meta, items):
    form = meta['form']
    measure = float(meta.get('wrap', '0') or 0)
    by = meta.get('by', 'c')
    rnd = random.Random(meta.get('title', '') + form)
    lines = []
    bkind, btext = byline_text(meta, items)
    placement = meta.get('byline', 'own')
    title = next((r for k, r in items if k == 'title'), None)
    subtitle = next((r for k, r in items if k == 'subtitle'), None)
    body = [(k, r) for k, r in items if k in ('p', 'intro')]
    lists = list_lines(meta, items)
    indent = IDEO * 2 if form in ('word', 'wrap-indent') else ''
    if form == 'wrap-indent' and meta.get('indent') == 'spaces':
        indent = '    '
    if form == 'wrap-indent' and meta.get('indent') == 'tab':
        indent = '\t'
    blank = form in ('web', 'wrap-blank')
    if title:
        lines.append((' ' * 12 if form == 'word' and meta.get('centre') else '') + title)
        if form in ('word', 'web', 'wrap-blank', 'wrap-indent'):
            lines.append('')
    if subtitle:
        lines.append(subtitle)
        if blank or form == 'word':
            lines.append('')
    if bkind == 'label' and placement == 'top':
        lines.append(btext)
        if blank:
            lines.append('')
    # Paragraphs; the list goes after the paragraph marked by `# list-after: N`.
    list_after = int(meta.get('list-after', '-1'))
    paras = list(body)
    inline = bkind is not None and placement == 'inline'
    for n, (k, text) in enumerate(paras):
        last = n == len(paras) - 1
        if last and inline:
            text = text + ('' if rnd.random() < 0.5 else ' ') + btext
        if measure and k == 'p':
            first = indent
            ls = wrap(text, measure, first, by, form in ('wrap-plain', 'wrap-blank'))
            if form == 'wrap-plain':
                # A PDF copy loses the indent: the first line is just shorter.
                ls = wrap(text, measure - 2, '', by, True)
                rest = ''.join(ls[1:])
                ls = [ls[0]] + (wrap(rest, measure, '', by, True) if rest else [])
            lines.extend(ls)
        else:
            lines.append((indent if k == 'p' else '') + text)
        if blank:
            lines.append('')
        if n == list_after:
            for kind, s in lists:
                lines.append((indent if kind == 'cat' and form == 'word' else '') + s)
            if blank:
                lines.append('')
    if list_after >= len(paras):
        for kind, s in lists:
            lines.append(s)
    if bkind and placement in ('own', 'right'):
        lines.append((IDEO * 20 if placement == 'right' else '') + btext)
    if form == 'wrap-plain' and meta.get('pageno'):
        at = len(lines) // 2
        lines.insert(at, '— 2 —')
    eol = {'lf': '\n', 'crlf': '\r\n', 'cr': '\r', 'u2028': '\u2028'}[meta.get('eol', 'lf')]
    text = eol.join(lines) + eol
    enc = meta.get('enc', 'utf8')
    if enc == 'gbk':
        return text.encode('gbk')
    if enc == 'utf16le':
        return b'\xff\xfe' + text.encode('utf-16-le')
    if enc == 'utf16be':
        return b'\xfe\xff' + text.encode('utf-16-be')
    if enc == 'utf8bom':
        return b'\xef\xbb\xbf' + text.encode('utf-8')
    return text.encode('utf-8')


def render_html(meta, items):
    form = meta['form']
    title = next((r for k, r in items if k == 'title'), '')
    subtitle = next((r for k, r in items if k == 'subtitle'), None)
    bkind, btext = byline_text(meta, items)
    site = meta.get('site', '某某省通信管理局')
    e = escape
    body = []
    lists = list_lines(meta, items)
    list_after = int(meta.get('list-after', '-1'))
    paras = [(k, r) for k, r in items if k in ('p', 'intro')]
    for n, (k, text) in enumerate(paras):
        if form == 'html-wechat':
            body.append(f'<p style="text-indent:2em;line-height:1.75em;"><span style="font-size:15px;">{e(text)}</span></p>')
            if n % 2 == 0:
                body.append('<p><br  /></p>')
        else:
            body.append(f'<p>&nbsp;&nbsp;&nbsp;&nbsp;{e(text)}</p>')
        if n == list_after and lists:
            if meta.get('list') == 'table':
                rows = ''
                for kind, s in lists:
                    if kind == 'cat':
                        if rows:
                            body.append(f'<table border="1">{rows}</table>')
                            rows = ''
                        body.append(f'<p><strong>{e(s)}</strong></p>')
                        rows = '<tr><th>姓名</th><th>单位</th><th>奖项</th></tr>'
                    else:
                        cells = [c for c in s.split(IDEO) if c]
                        if len(cells) == 4:
                            cells = [cells[0] + cells[1]] + cells[2:]
                        rows += '<tr>' + ''.join(f'<td>{e(c)}</td>' for c in cells) + '</tr>'
                body.append(f'<table border="1">{rows}</table>')
            else:
                for kind, s in lists:
                    body.append(f'<p>{e(s)}</p>')
        if n == 0 and meta.get('image'):
            body.append('<p style="text-align:center"><img src="https://example.org/a.jpg" data-src="a.jpg"/></p>')
    if bkind:
        body.append(f'<p style="text-align:right">{e(btext)}</p>')
    if form == 'html-wechat':
        sub = f'<section><p style="text-align:center"><strong>{e(subtitle)}</strong></p></section>' if subtitle else ''
        return f'''<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{e(title)}</title>
<script nonce="1">var msg_title = "{e(title)}"; if (a < b && c) {{ document.write("<p>x</p>"); }}</script>
<style>.rich_media_title{{font-size:22px}}</style></head>
<body id="activity-detail"><div class="rich_media_area_primary"><div class="rich_media_area_primary_inner">
<h1 class="rich_media_title " id="activity-name">
{e(title)}
</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">{e(site)}</span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2024-06-03 18:20</em></div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
{sub}
<section style="margin: 0px 8px;">
{chr(10).join(body)}
</section>
</div>
<div class="rich_media_tool" id="js_toobar3"><div class="weui-flex"><a id="js_view_source">阅读原文</a><span>阅读 1024</span></div></div>
</div></div>
<div id="js_pc_qr_code"><p>微信扫一扫<br>关注该公众号</p></div>
</body></html>
'''
    # A saved government web page.
    info = '发布时间：2024-04-12　　'
    src_meta = meta.get('meta-source')
    if src_meta:
        info += f'来源：{src_meta}'
    h = f'<h1 class="title">{e(title)}</h1>' if meta.get('h1', 'yes') == 'yes' else ''
    sub = f'<h2>{e(subtitle)}</h2>' if subtitle else ''
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(title)}_{e(site)}</title>
<link rel="stylesheet" href="style.css" />
<script type="text/javascript">function fontZoom(size){{ document.getElementById("zoom").style.fontSize = size + "px"; }}</script>
</head><body>
<div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/gzdt">工作动态</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/gzdt">工作动态</a></div>
<div class="article">
{h}
{sub}
<div class="info">{e(info)}　　字号：<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a></div>
<div class="content" id="zoom">
{chr(10).join(body)}
</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><p>版权所有：{e(site)}　　ICP备05000000号</p><p>地址：某某市某某路1号</p></div>
</body></html>
'''


def render_docx(meta, items):
    title = next((r for k, r in items if k == 'title'), '')
    subtitle = next((r for k, r in items if k == 'subtitle'), None)
    bkind, btext = byline_text(meta, items)
    e = escape

    def para(text, style=None, jc=None, extra=''):
        ppr = ''
        if style or jc:
            ppr = '<w:pPr>' + (f'<w:pStyle w:val="{style}"/>' if style else '') + (f'<w:jc w:val="{jc}"/>' if jc else '') + '</w:pPr>'
        return f'<w:p>{ppr}<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{e(text)}</w:t></w:r>{extra}</w:p>'

    parts = []
    if meta.get('docx-title') == 'centred':
        parts.append(para(title, jc='center'))
    else:
        parts.append(para(title, style='Heading1' if meta.get('docx-title') != 'title' else 'Title'))
    if subtitle:
        parts.append(para(subtitle, jc='center'))
    lists = list_lines(meta, items)
    list_after = int(meta.get('list-after', '-1'))
    paras = [(k, r) for k, r in items if k in ('p', 'intro')]
    for n, (k, text) in enumerate(paras):
        if n == 0 and meta.get('textbox'):
            # A text box: Word writes it twice (mc:Choice and the VML fallback).
            box = '<w:txbxContent>' + para(meta['textbox']) + '</w:txbxContent>'
            parts.append('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
                         + box + '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
                         + box + '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
        if n == 1 and meta.get('hidden'):
            # Hidden text and a comment inside a paragraph.
            t = text
            half = len(t) // 2
            parts.append(f'<w:p><w:r><w:t>{e(t[:half])}</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:vanish/></w:rPr><w:t>（此处隐藏的修改意见）</w:t></w:r><w:r><w:t>{e(t[half:])}</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
        else:
            parts.append(para(text))
        if n == list_after and lists:
            rows = ''
            def flush():
                nonlocal rows
                if rows:
                    parts.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{rows}</w:tbl>')
                    rows = ''
            for kind, s in lists:
                if kind == 'cat':
                    flush()
                    parts.append(para(s))
                    rows = ''.join(f'<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>' for h in ('姓名', '单位', '奖项'))
                    rows = f'<w:tr>{rows}</w:tr>'
                else:
                    cells = [c for c in s.split(IDEO) if c]
                    if len(cells) == 4:
                        cells = [cells[0] + cells[1]] + cells[2:]
                    rows += '<w:tr>' + ''.join(f'<w:tc><w:tcPr><w:tcW w:w="2000"/></w:tcPr><w:p><w:r><w:t>{e(c)}</w:t></w:r></w:p></w:tc>' for c in cells) + '</w:tr>'
            flush()
        if n == 0 and meta.get('image'):
            parts.append('<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId5"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    if bkind:
        parts.append(f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>{e(btext)}</w:t></w:r></w:p>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="x" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="y" xmlns:a="z" xmlns:pic="p" xmlns:r="r">'
           '<w:body>' + ''.join(parts) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', doc)
    return buf.getvalue()


def main():
    for path in sorted(glob.glob(os.path.join(HERE, '**', '*.expect'), recursive=True)):
        meta, items = parse(path)
        meta.setdefault('title', next((r for k, r in items if k == 'title'), ''))
        form = meta['form']
        if form == 'hand':
            # Written by hand as the source itself; nothing to render.
            continue
        base = path[:-len('.expect')]
        if form.startswith('html'):
            data, ext = render_html(meta, items).encode('utf-8'), '.html'
        elif form == 'docx':
            data, ext = render_docx(meta, items), '.docx'
        else:
            data, ext = render_text(meta, items), '.txt'
        with open(base + ext, 'wb') as f:
            f.write(data)
        print(os.path.relpath(base + ext, HERE))


if __name__ == '__main__':
    main()
