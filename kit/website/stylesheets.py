"""Material's stylesheets without the rules that cannot apply to this site, and our own stylesheet without comments.

Material ships one main stylesheet (~137 KB) and one palette stylesheet (~12 KB) for every site it can build: every
extension, every colour, every language direction. Every page loads both before anyone reads it. After the pages
are written, purge() keeps of each stylesheet only the rules that could apply here:

- the names a selector can match against are gathered from every built page, data file and script the site ships
  (HTML, JSON: the search index's text is shown in the results; our own scripts build the self-check's report).
  A name is any run of letters, digits, "-" and "_" found there: a word in a page's text counts, so this is broad
  on purpose;
- a name found only in Material's scripts counts when they can put it on an element here. Material's bundle builds its
  own components (search results, tooltips, the back-to-top button, the header's title) with class names that start
  with "md-": these count, except those of a feature this site does not have (SCRIPT_FEATURES: code copy buttons,
  annotations, the version selector, tags, repository facts…). Its other words (admonition types, Pygments' token
  classes, minified variable names) style what Markdown writes, so they count only when a page holds them; the few
  names it adds to such content (SCRIPT_FEATURES again: tab controls, focus-visible) count when their feature is on.
  This holds for class names and ids: an attribute's name or value counts from any word of theirs (role="tooltip",
  the phone search's data-md-scrolllock), except the palette's colours;
- a script that joins a class name from pieces (`md-tag--${…}`) leaves a piece that ends in "-" or "_": a class
  that starts with such a piece counts as present;
- a selector is dropped only if it needs a class, id, attribute name or attribute value (=, ~=, |=) that is
  nowhere in those names. Element names, pseudo-classes, pseudo-elements and what :not() holds are never a
  reason to drop; :is()/:where()/:has() need one of their arguments to be possible;
- a rule goes when none of its selectors is left; @media and @supports blocks keep what is left inside them and
  go when nothing is; @font-face, @keyframes, @page and every other at-rule stay as they are; so does :root;
- then a custom property (--md-…) goes when nothing reads it: no var() in what is left of the site's stylesheets
  (ours included) and no mention in a page or script (Material's bundle sets and reads some, such as the tooltip's
  position). Dropping one can leave another unread, so this repeats until nothing changes.

The stylesheet gets a new name from its content (main.<hash>.min.css, like Material's own), every page links
to it, and the original and its source map are removed (the map would describe the original).
site.css and selfcheck.css (ours, read as written) lose their comments and indentation and keep their names.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import tinycss2

from ..errors import BuildError

MATERIAL = ("main", "palette")  # assets/stylesheets/<name>.<hash>.min.css
OWN = ["assets/stylesheets/site.css", "assets/stylesheets/selfcheck.css"]  # ours: comments and spacing dropped
NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
SCANNED = (".html", ".js", ".json")  # what the names come from
# Material's scripts: their names count as the module's docstring says; every name in our own scripts counts
MATERIAL_SCRIPTS = ("assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/*.min.js",
                    "assets/javascripts/lunr/**/*.js")
PALETTE = "data-md-color-"  # attributes holding the palette's colours and scheme
PROPERTY = re.compile(r"--[A-Za-z_][A-Za-z0-9_-]*")  # a custom property's name
READ = re.compile(r"var\(\s*(--[A-Za-z_][A-Za-z0-9_-]*)")
GROUPING = {"is", "where", "has", "matches", "any", "-webkit-any", "-moz-any"}
NESTED = {"media", "supports"}  # at-rules holding rules: purged inside
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)  # Material's settings

# Names Material's bundle puts on elements only for a feature, and whether this site has it: (name prefixes,
# test on the site's pages). A name with such a prefix found only in a script counts when the test says yes.
SCRIPT_FEATURES = [
    (("md-code__", "md-dialog"), lambda site: site.feature("content.code.")),  # copy and select buttons
    (("md-annotation",), lambda site: site.feature("content.code.annotate") or site.in_pages("annotate")),
    (("md-source",), lambda site: site.in_pages("md-source")),  # facts about the repository linked in the header
    (("md-version",), lambda site: bool(site.config.get("version"))),
    (("md-tag",), lambda site: bool(site.config.get("tags")) or site.in_pages("md-tag")),
    (("md-status",), lambda site: site.in_pages("md-status")),
    (("tabbed-",), lambda site: site.in_pages("tabbed-set")),  # scroll buttons and links added to content tabs
    (("mermaid",), lambda site: site.in_pages("mermaid")),
    (("focus-visible",), lambda site: True),  # the bundle's focus-visible polyfill marks any focused element
]


class Names:
    """Every name the site's pages, data and own scripts hold, the names Material's scripts can put on elements here
    (see the module's docstring), and the pieces of names that scripts join."""

    def __init__(self, pages, material_scripts=()) -> None:
        self.names: set[str] = set()
        self.properties: set[str] = set()  # custom properties (--x) a page or script mentions
        self.config: dict = {}  # Material's settings as the first page holds them (features, version, tags)
        for text in pages:
            self.names.update(NAME.findall(text))
            self.properties.update(PROPERTY.findall(text))
            found = CONFIG.search(text) if not self.config else None
            if found:
                self.config = json.loads(found.group(1))
        self.page_names = frozenset(self.names)
        self.values = set(self.names)  # an attribute's name or value: any word of Material's scripts too
        for text in material_scripts:
            found = NAME.findall(text)
            self.names.update(n for n in found if self._script_made(n))
            self.values.update(found)
            self.properties.update(PROPERTY.findall(text))
        self.lower = {n.lower() for n in self.values}
        self.pieces = sorted(n for n in self.names if n[-1] in "-_" and len(n.strip("-_")) >= 2)

    def in_pages(self, name: str) -> bool:
        return name in self.page_names

    def feature(self, prefix: str) -> bool:
        return any(f.startswith(prefix) for f in self.config.get("features", []))

    def _script_made(self, name: str) -> bool:
        if self.in_pages(name):
            return True
        for prefixes, present in SCRIPT_FEATURES:
            if name.startswith(prefixes):
                return present(self)
        return name.startswith("md-")

    def has(self, name: str) -> bool:
        return name in self.names or any(name.startswith(p) for p in self.pieces)

    def has_value(self, attribute: str, value: str) -> bool:
        """Whether *attribute* can have *value*: as any name pages or scripts hold, except for the colours of
        Material's palette, which only a page sets (a script copies them from the page's palette settings)."""
        if attribute.lower().startswith(PALETTE):
            return self.has(value)
        return value in self.values or self.has(value)

    def has_attribute(self, name: str) -> bool:
        return name.lower() in self.lower or any(name.lower().startswith(p.lower()) for p in self.pieces)


def site_names(site: Path) -> Names:
    files = sorted(p for p in site.rglob("*") if p.suffix in SCANNED and p.is_file())
    material = {p for pattern in MATERIAL_SCRIPTS for p in site.glob(pattern)}

    def texts(of_material: bool):
        return (p.read_text(encoding="utf-8", errors="replace") for p in files if (p in material) == of_material)

    return Names(texts(False), texts(True))


def _split(tokens, separator: str = ",") -> list[list]:
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == separator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _strip(tokens: list) -> list:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tokens[start:end]


def possible_list(tokens, names: Names) -> bool:
    """Whether any selector of a selector list could match."""
    return any(possible(_strip(part), names) for part in _split(tokens))


def possible(tokens: list, names: Names) -> bool:
    """Whether a complex selector could match an element of this site (False only when it certainly cannot)."""
    tokens = [t for t in tokens if t.type != "comment"]
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        if token.type == "ident" and before is not None and before.type == "literal" and before.value == ".":
            if not names.has(token.value):
                return False
        elif token.type == "hash":
            if not names.has(token.value):
                return False
        elif token.type == "[] block":
            if not _attribute_possible(token.content, names):
                return False
        elif token.type == "function" and before is not None and before.type == "literal" and before.value == ":":
            colons = i >= 2 and tokens[i - 2].type == "literal" and tokens[i - 2].value == ":"
            if not colons and token.lower_name in GROUPING and not possible_list(token.arguments, names):
                return False
    return True


def _attribute_possible(content, names: Names) -> bool:
    parts = [t for t in content if t.type not in ("whitespace", "comment")]
    if not parts or parts[0].type != "ident" or (len(parts) > 1 and parts[1].type == "literal"
                                                  and parts[1].value == "|"):
        return True  # a namespace or something unusual: keep
    if not names.has_attribute(parts[0].value):
        return False
    if len(parts) >= 3 and parts[1].type == "literal" and parts[1].value in ("=", "~=", "|="):
        value = parts[2].value if parts[2].type in ("ident", "string") else None
        if value and NAME.fullmatch(value) and not names.has_value(parts[0].value, value):
            return False
    return True


def _selector_text(tokens: list) -> str:
    return "".join(" " if t.type == "whitespace" else t.serialize() for t in _strip(tokens) if t.type != "comment")


def purge_rules(rules, names: Names) -> tuple[str, int]:
    """The rules that could apply, as CSS; and the number of selectors dropped."""
    out, dropped = [], 0
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [_strip(part) for part in _split(rule.prelude)]
            kept = [part for part in selectors if possible(part, names)]
            dropped += len(selectors) - len(kept)
            if kept:
                out.append(",".join(_selector_text(p) for p in kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in NESTED and rule.content is not None:
            inner, count = purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                                skip_whitespace=True), names)
            dropped += count
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type in ("at-rule", "qualified-rule"):
            out.append(rule.serialize())
        elif rule.type == "error":
            raise BuildError(f"无法解析 Material 的样式表：{rule.message}（第 {rule.source_line} 行）")
    return "".join(out), dropped


def purge_css(css: str, names: Names) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    text, _ = purge_rules(rules, names)
    return text


def minify_css(css: str) -> str:
    """*css* without comments, and without the whitespace that separates nothing (tokens kept as written)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_compact(rule) for rule in rules)


def _compact(rule) -> str:
    if rule.type == "error":
        raise BuildError(f"样式表无法解析：{rule.message}（第 {rule.source_line} 行）")
    if rule.type == "qualified-rule":
        selectors = ",".join(_selector_text(part) for part in _split(rule.prelude))
        return selectors + "{" + _declarations(rule.content) + "}"
    prelude = tinycss2.serialize(_strip(list(rule.prelude)))
    head = f"@{rule.at_keyword}" + (f" {prelude}" if prelude else "")
    if rule.content is None:
        return head + ";"
    if rule.lower_at_keyword in NESTED:
        inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        return head + "{" + "".join(_compact(r) for r in inner) + "}"
    return head + "{" + _declarations(rule.content) + "}"


def _declarations(content) -> str:
    out = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = _collapse(item.value)
            out.append(f"{item.name}:{value}" + ("!important" if item.important else ""))
        elif item.type in ("qualified-rule", "at-rule"):
            out.append(_compact(item) if item.type == "at-rule" else item.serialize())
        elif item.type == "error":
            raise BuildError(f"样式表无法解析：{item.message}（第 {item.source_line} 行）")
    return ";".join(out)


def _collapse(tokens) -> str:
    """A declaration's value: comments gone, every run of whitespace one space, none at the ends."""
    parts, space = [], False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            space = bool(parts)
            continue
        if space:
            parts.append(" ")
            space = False
        parts.append(token.serialize())
    return "".join(parts)


def drop_unread_properties(sheets: list[str], readers: str, mentioned: set[str]) -> list[str]:
    """*sheets* without the custom properties that nothing reads: no var() in the sheets or in *readers* (other
    stylesheets), not in *mentioned* (names pages and scripts hold). Repeated until nothing changes, as dropping a
    property can leave another unread."""
    while True:
        read = mentioned | set(READ.findall(readers)) | {n for css in sheets for n in READ.findall(css)}
        pruned = [_without_properties(css, read) for css in sheets]
        if pruned == sheets:
            return sheets
        sheets = pruned


def _without_properties(css: str, read: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_rule_without_properties(rule, read) for rule in rules)


def _rule_without_properties(rule, read: set[str]) -> str:
    if rule.type == "at-rule" and rule.lower_at_keyword in NESTED and rule.content is not None:
        inner = "".join(_rule_without_properties(r, read) for r in
                        tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}" if inner else ""
    if rule.type != "qualified-rule":
        return rule.serialize()
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    unread = [i for i in items if i.type == "declaration" and i.name.startswith("--") and i.name not in read]
    if not unread:
        return rule.serialize()
    kept = [i.serialize() for i in items if i not in unread]
    return tinycss2.serialize(rule.prelude) + "{" + ";".join(kept) + "}" if kept else ""


def _material_file(folder: Path, name: str) -> Path:
    found = sorted(folder.glob(f"{name}.*.min.css"))
    if len(found) != 1:
        raise BuildError(f"{folder} 中应有一个 {name}.*.min.css（Material 的样式表），找到 {len(found)} 个")
    return found[0]


def purge(site: Path) -> dict[str, tuple[int, int]]:
    """Purge Material's stylesheets of *site* and compact ours; rename the purged ones after their content and
    relink every page. Returns {file: (bytes before, bytes after)}."""
    folder = site / "assets" / "stylesheets"
    names = site_names(site)
    sizes = {}
    ours = ""
    for relative in OWN:
        path = site / relative
        if path.exists():
            original = path.read_text(encoding="utf-8")
            text = minify_css(original)
            path.write_text(text, encoding="utf-8")
            sizes[path.name] = (len(original.encode("utf-8")), len(text.encode("utf-8")))
            ours += text
    paths = [_material_file(folder, name) for name in MATERIAL]
    originals = [path.read_text(encoding="utf-8") for path in paths]
    texts = drop_unread_properties([purge_css(text, names) for text in originals], ours, names.properties)
    renamed = {}
    for name, path, original, text in zip(MATERIAL, paths, originals, texts):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        target = folder / f"{name}.{digest}.min.css"
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        target.write_text(text, encoding="utf-8")
        renamed[path.name] = target.name
        sizes[target.name] = (len(original.encode("utf-8")), len(text.encode("utf-8")))
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        changed = html
        for old, new in renamed.items():
            changed = changed.replace(f"assets/stylesheets/{old}", f"assets/stylesheets/{new}")
        if changed != html:
            page.write_text(changed, encoding="utf-8")
    return sizes
