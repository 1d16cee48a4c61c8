"""Word (.docx) templates of the annex, generated from the edition data with python-docx.

- annex_document / write_annex: the complete 工作方案 template (cover, 填报说明, the basic-information form,
  真实性承诺, parts 二–四, the service plan and the declaration), every fill-in place a named blank (a FORMTEXT
  form field, or a check-box content control for the tick boxes);
- declaration_document / write_declaration: one 申报主体责任声明 per applying unit;
- read_fields / fill_fields: values of the blanks by name, read from or written into a .docx (the checker reads
  documents by their structure instead: kit.docx.structure, kit.check.from_docx).
"""

from __future__ import annotations

from importlib import import_module

# The writers load python-docx; they are imported when first used, so that a module needing only the pure
# layout helpers (kit.docx.layout, e.g. the checker on an application file) does not pay for it.
_LAZY = {"annex_document": "annex", "write_annex": "annex", "declaration_document": "declaration",
         "write_declaration": "declaration", "fill_fields": "readback", "read_fields": "readback"}

ANNEX_DOWNLOAD = "gongzuo-fangan-muban.docx"
DECLARATION_DOWNLOAD = "zeren-shengming-muban.docx"

__all__ = ["annex_document", "write_annex", "declaration_document", "write_declaration", "read_fields",
           "fill_fields", "artifacts", "ANNEX_DOWNLOAD", "DECLARATION_DOWNLOAD"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def artifacts() -> list:
    """The Word templates as downloadable artifacts (see kit.catalogue.registry)."""
    from ..downloads import Artifact
    from .annex import write_annex
    from .declaration import write_declaration

    return [
        Artifact(ANNEX_DOWNLOAD, "工作方案模板（Word）", "Word（.docx）", "申报模板",
                 "附件全文：封面、填报说明、基本信息表（勾选框）、真实性承诺、第二至四部分、服务方案和责任声明；"
                 "字体、字号、行距和页边距已按填报要求设置，选中提示文字后输入即可；Word、WPS 和 LibreOffice 均可填写。", write_annex),
        Artifact(DECLARATION_DOWNLOAD, "申报主体责任声明模板（Word）", "Word（.docx）", "申报模板",
                 "联合申报时每个申报单位各提供一份。", write_declaration),
    ]
