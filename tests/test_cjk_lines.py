from kit.cjk_lines import join_cjk_lines


def test_joins_breaks_between_chinese_characters_only():
    assert join_cjk_lines("第一行，\n第二行。") == "第一行，第二行。"
    assert join_cjk_lines("English\nwords") == "English\nwords"
    assert join_cjk_lines("中文\nEnglish") == "中文\nEnglish"


def test_keeps_structure():
    assert join_cjk_lines("## 标题\n正文") == "## 标题\n正文"
    assert join_cjk_lines("- 第一项\n- 第二项") == "- 第一项\n- 第二项"
    assert join_cjk_lines("```\n中文\n代码\n```") == "```\n中文\n代码\n```"
    assert join_cjk_lines("    缩进的\n    同一段") == "    缩进的同一段"
    assert join_cjk_lines("- 列表项\n  续行") == "- 列表项\n  续行"
