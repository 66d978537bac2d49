"""Pages in scripts without case or spaces between words (Chinese, Japanese): a foreign ministry's
briefing as such sites print it — headline, "2024年7月4日", then "毛宁：…" and "法新社记者：…" turns.
Written for this project in that layout."""

from __future__ import annotations

from summitry import parse_text
from summitry.pipeline.dates import find_date
from summitry.pipeline.speakers import slug

BRIEFING = "\n\n".join([
    "外交部发言人毛宁主持例行记者会",
    "2024年7月4日",
    "毛宁：女士们、先生们，下午好。今天我没有需要发布的消息，现在开始回答大家的提问。",
    "法新社记者：两国领导人举行了会谈。请问中方有何评论？",
    "毛宁：双方就双边关系和共同关心的问题深入交换了意见。",
])


def test_a_briefing_in_chinese_has_its_headline_date_and_turns():
    doc = parse_text(BRIEFING)
    assert (doc.title, doc.date, doc.language) == ("外交部发言人毛宁主持例行记者会", "2024-07-04", "zh")
    assert [(t.label, t.speaker) for t in doc.turns] == [("毛宁", "毛宁"), ("法新社记者", "法新社记者"), ("毛宁", "毛宁")]
    assert doc.turns[0].person_id != doc.turns[1].person_id  # two persons, not one "unknown"


def test_a_quotation_after_a_colon_is_no_turn():
    doc = parse_text(BRIEFING.replace("法新社记者：两国", "他说：“两国").replace("有何评论？", "有何评论？”"))
    assert [t.label for t in doc.turns] == ["毛宁", "毛宁"]


def test_dates_written_with_year_month_and_day_signs():
    assert find_date("2024年7月4日").date == "2024-07-04"
    assert find_date("2024년 7월 4일").date == "2024-07-04"


def test_a_person_id_keeps_the_letters_of_any_script():
    assert [slug(name) for name in ("Łukasz Nowak", "Նիկոլ Փաշինյան", "毛宁", "Vladimir Putin")] == [
        "łukasz-nowak", "նիկոլ-փաշինյան", "毛宁", "vladimir-putin"]


def test_a_dateline_with_a_full_width_comma_gives_its_city_and_registry_names_resolve():
    doc = parse_text("\n\n".join(["两国元首会谈", "2024年7月4日，阿斯塔纳", "习近平：总统先生，很高兴同你再次见面。", "普京：谢谢主席先生。"]))
    assert (doc.date, doc.city, doc.sources["city"]) == ("2024-07-04", "Astana", "dateline")
    assert [t.person_id for t in doc.turns] == ["xi-jinping", "vladimir-putin"]


def test_names_inside_a_run_of_chinese_characters_are_mentions():
    from summitry.enrich.mentions import find_mentions

    assert [(m.entity, m.spans) for m in find_mentions("很高兴同普京总统再次见面。")] == [("vladimir-putin", [(4, 6)])]
    assert [m.entity for m in find_mentions("Putinism is not Putin.")] == ["vladimir-putin"]


PORTAL = "\n".join([
    "首页", "新闻", "国内", "国际", "登录", "新闻中心 > 国内新闻 > 正文",
    "两国元首在阿斯塔纳举行会谈",
    "07-03 20:15 · 来源：通讯社",
    "分享到：微信　微博",
    "通讯社阿斯塔纳7月3日电（记者王明）7月3日上午，两国元首在阿斯塔纳总统府举行会谈，双方就双边关系交换了意见。",
    "双方同意继续深化合作，推动两国关系不断迈上新台阶。会谈后，两国元首签署联合声明。",
    "责任编辑：李华",
    "相关新闻",
    "外交部：中方愿同各方共同推动合作　07-02 15:31",
])


def test_a_portals_story_in_chinese_has_its_headline_and_city_and_no_turns():
    doc = parse_text(PORTAL)
    assert (doc.title, doc.city, doc.turns) == ("两国元首在阿斯塔纳举行会谈", "Astana", [])


def test_a_chinese_wires_dateline_gives_the_city():
    from summitry.data.reference import load_reference
    from summitry.pipeline.place import agency_dateline, named_place

    places = load_reference().places
    assert agency_dateline("新华社阿斯塔纳7月3日电（记者）双方举行会谈。", places) == "Astana"
    assert named_place("两国领导人在莫斯科举行会谈", places).city == "Moscow"
    assert named_place("莫斯科是俄罗斯首都", places) is None  # a city named, not where something is
