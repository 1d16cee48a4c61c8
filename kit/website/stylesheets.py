"""Material's stylesheets without the rules that cannot apply to this site, and our own stylesheet without comments.

Material ships one main stylesheet (~137 KB) and one palette stylesheet (~12 KB) for every site it can build: every
extension, every colour, every language direction. Every page loads both before anyone reads it. After the pages
are written, purge() keeps of each stylesheet only the rules that could apply here:

- the names a selector can match against are gathered from every built page (HTML) and from every script and data
  file the site ships (Material's bundle and search worker build the search results, the drawer, tooltips, the
  back-to-top button from strings in their code; the search index's text is shown in the results). A name is any
  run of letters, digits, "-" and "_" found there: a word in a page's text counts, so this is broad on purpose;
- a script that joins a class name from pieces (`md-tag--${…}`) leaves a piece that ends in "-" or "_": a class
  that starts with such a piece counts as present;
- a selector is dropped only if it needs a class, id, attribute name or attribute value (=, ~=, |=) that is
  nowhere in those names. Element names, pseudo-classes, pseudo-elements and what :not() holds are never a
  reason to drop; :is()/:where()/:has() need one of their arguments to be possible;
- a rule goes when none of its selectors is left; @media and @supports blocks keep what is left inside them and
  go when nothing is; @font-face, @keyframes, @page and every other at-rule stay as they are; so do :root and
  the custom properties.

The stylesheet gets a new name from its content (main.<hash>.min.css, like Material's own), every page links
to it, and the original and its source map are removed (the map would describe the original).
site.css and selfcheck.css (ours, read as written) lose their comments and indentation and keep their names.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import tinycss2

from ..errors import BuildError

MATERIAL = ("main", "palette")  # assets/stylesheets/<name>.<hash>.min.css
OWN = ["assets/stylesheets/site.css", "assets/stylesheets/selfcheck.css"]  # ours: comments and spacing dropped
NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
SCANNED = (".html", ".js", ".json")  # what the names come from
GROUPING = {"is", "where", "has", "matches", "any", "-webkit-any", "-moz-any"}
NESTED = {"media", "supports"}  # at-rules holding rules: purged inside


class Names:
    """Every name the site's pages, scripts and data hold; pieces of names that scripts join."""

    def __init__(self, texts) -> None:
        self.names: set[str] = set()
        for text in texts:
            self.names.update(NAME.findall(text))
        self.lower = {n.lower() for n in self.names}
        self.pieces = sorted(n for n in self.names if n[-1] in "-_" and len(n.strip("-_")) >= 2)

    def has(self, name: str) -> bool:
        return name in self.names or any(name.startswith(p) for p in self.pieces)

    def has_attribute(self, name: str) -> bool:
        return name.lower() in self.lower or any(name.lower().startswith(p.lower()) for p in self.pieces)


def site_names(site: Path) -> Names:
    files = sorted(p for p in site.rglob("*") if p.suffix in SCANNED and p.is_file())
    return Names(p.read_text(encoding="utf-8", errors="replace") for p in files)


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
        if value and NAME.fullmatch(value) and not names.has(value):
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
    renamed, sizes = {}, {}
    for name in MATERIAL:
        path = _material_file(folder, name)
        original = path.read_text(encoding="utf-8")
        text = purge_css(original, names)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        target = folder / f"{name}.{digest}.min.css"
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        target.write_text(text, encoding="utf-8")
        renamed[path.name] = target.name
        sizes[target.name] = (len(original.encode("utf-8")), len(text.encode("utf-8")))
    for relative in OWN:
        path = site / relative
        if path.exists():
            original = path.read_text(encoding="utf-8")
            text = minify_css(original)
            path.write_text(text, encoding="utf-8")
            sizes[path.name] = (len(original.encode("utf-8")), len(text.encode("utf-8")))
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        changed = html
        for old, new in renamed.items():
            changed = changed.replace(f"assets/stylesheets/{old}", f"assets/stylesheets/{new}")
        if changed != html:
            page.write_text(changed, encoding="utf-8")
    return sizes
