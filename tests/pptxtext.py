"""The text of a slide deck as python-pptx reads it: text boxes, table cells and, if asked, the speaker notes."""

from __future__ import annotations


def deck_texts(deck, notes: bool = False) -> list[str]:
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if notes and slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts
