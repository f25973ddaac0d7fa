"""A need with no category, written as a situation, is read as the right category.

The index learns what categories sound like from its own offerings' text (the partners
chose their categories); the needs below share no category name with them.
"""

from __future__ import annotations

import pytest

from tests.matching.engine.builders import index, need, offering

OFFERINGS = [
    ("haircut", "上门理发", "理发师上门为卧床、行动不便的老人剪头发、刮胡子"),
    ("haircut", "爱心剪发", "每月一次在服务中心免费剪发，老人孩子都可以来"),
    ("home_repair", "水电维修", "水电师傅上门修水管、换龙头、检修电路和插座"),
    ("home_repair", "家电上门修", "冰箱洗衣机不制冷不转了，师傅上门检修"),
    ("after_school", "四点半课堂", "放学后把孩子接到托管班，老师辅导作业到家长下班"),
    ("after_school", "课后托管班", "学生下午放学后在托管班写作业、看书"),
    ("anti_fraud", "防骗讲座", "民警讲解电信诈骗套路，提醒老人不要轻信陌生来电和短信"),
    ("anti_fraud", "守好钱袋子", "银行工作人员讲解如何识别冒充客服、虚假投资的骗局"),
    ("elderly_meal", "长者饭堂", "每天中午供应热饭热菜，行动不便的老人可以送餐上门"),
    ("elderly_meal", "爱心餐桌", "为高龄独居老人提供营养午餐和晚餐"),
    ("digital_literacy", "手机课堂", "志愿者一对一教老人用手机扫码、挂号、视频通话"),
    ("digital_literacy", "智能手机班", "教老年人使用微信、网上缴费和打车软件"),
    ("legal_aid", "律师坐班", "律师每周到社区解答合同、租房、借款方面的问题"),
    ("mental_health", "心理疏导", "心理咨询师倾听烦恼，帮助缓解焦虑和失眠"),
    ("employment", "招聘会", "组织周边企业现场招聘，推荐合适岗位"),
    ("home_repair", "爱心维修队", "为独居老人免费更换灯泡、疏通下水道、修理门锁"),
    ("haircut", "理发志愿服务", "退休理发师每周给小区老人和残疾人理发"),
    ("anti_fraud", "反诈宣传进社区", "讲解冒充公检法、要求转账到安全账户的电话诈骗，守住养老钱"),
    ("elderly_meal", "助餐送餐", "老年食堂为高龄老人配送午餐，饭菜软烂好消化"),
    ("digital_literacy", "银发数字课堂", "手把手教老人用健康码、网上挂号和手机支付"),
    ("after_school", "托管加辅导", "小学生放学后有老师看护，完成作业再等家长来接"),
    ("sports", "太极拳班", "教练带老人打太极拳、做健身操，强身健体"),
    ("volunteers", "志愿服务队", "在职党员志愿者参与社区活动的秩序维护和老人帮扶"),
]

SITUATIONS = [
    ("瘫在床上的老人头发长得扎人，家里人不会剪", "haircut"),
    ("厨房水管一直滴水，楼下天花板都湿了，老人自己弄不了", "home_repair"),
    ("孩子四点就放学了，爸妈六点多才下班，中间没人接", "after_school"),
    ("老人接到自称公安的电话，说银行卡涉案要把钱转走", "anti_fraud"),
    ("独居的奶奶做饭太吃力，常常一顿剩菜吃三天", "elderly_meal"),
    ("老人去医院不会在手机上挂号，扫码也弄不明白", "digital_literacy"),
]


@pytest.fixture(scope="module")
def idx():
    return index(
        [
            offering(f"O{i}", category=cat, title=title, description=text)
            for i, (cat, title, text) in enumerate(OFFERINGS)
        ]
    )


@pytest.mark.parametrize(("text", "expected"), SITUATIONS)
def test_situation_is_read_as_its_category(idx, text, expected):
    guesses = idx.suggest_categories(text)
    assert guesses[0].code == expected
    assert len(guesses) == 3
    assert guesses[0].probability >= guesses[1].probability >= guesses[2].probability


@pytest.mark.parametrize(("text", "expected"), SITUATIONS)
def test_need_without_category_is_matched_to_offerings_of_its_category(idx, text, expected):
    n = need(
        title="",
        description=text,
        category=None,
        beneficiaries=frozenset(),
        modes=frozenset(),
    )
    top = idx.rank(n, limit=2).matches
    by_code = {f"O{i}": cat for i, (cat, _, _) in enumerate(OFFERINGS)}
    assert [by_code[m.offering] for m in top] == [expected, expected]


def test_offering_without_category_is_read_from_its_text(idx):
    unlabelled = offering(
        "NEW", category=None, title="理发进社区", description="师傅来给老人剪头发、修鬓角"
    )
    grown = idx.with_offerings([unlabelled])
    top = grown.rank(need(category="haircut", title="理发", description=""), limit=3)
    assert "NEW" in {m.offering for m in top.matches}
