"""The catalogue of downloads: every renderer that contributes a file to the site is listed here, in the order
the downloads page shows them. (kit.downloads holds the Artifact type and the helpers the renderers share.)"""

from __future__ import annotations

from pathlib import Path

from .docx import artifacts as word_artifacts
from .downloads import Artifact
from .examples import artifacts as example_artifacts
from .pdf.artifacts import artifacts as pdf_artifacts
from .source_package import artifacts as source_artifacts
from .training import artifacts as training_artifacts


def registry(examples_dir: Path | None = None) -> list[Artifact]:
    """All artifacts; the worked examples under *examples_dir* add their rendered documents."""
    artifacts: list[Artifact] = [*word_artifacts(), *pdf_artifacts(), *training_artifacts(), *source_artifacts()]
    if examples_dir is not None:
        artifacts += example_artifacts(examples_dir)
    return artifacts
