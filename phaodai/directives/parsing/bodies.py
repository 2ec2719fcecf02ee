"""Recognising the bodies a directive names ("Sở Y tế", "Trung tâm Y tế các huyện, thành phố", "Ban Chỉ đạo
... cấp huyện, cấp xã") and what kind of organisation, at which level, each one means.

The parser knows kinds and levels, never a deployment's rows: mapping a :class:`Target` to organisations
is the app's job (``directives.mapping``). A body the rules know but no kind covers ("Sở Tài chính",
"Công an tỉnh") comes out with ``kind=None``: it stays visible and is never guessed.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from phaodai.directives.parsing.text import fold


class Level(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


@dataclass(frozen=True)
class Target:
    """Organisations of ``kind`` at ``level``; only the one at a unit named ``place`` when it is given."""

    kind: str | None
    level: Level
    place: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # as written
    targets: tuple[Target, ...]


_P, _D, _C = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE
_COVID = r"(?:\s*(?:pcd|phong,? chong dich(?: benh)?))?(?:\s*covid(?:-?19)?)?"
# (pattern over folded text, kind, level when the text names none). Kinds are accounts' OrganisationKind.
_BODIES: tuple[tuple[str, str | None, Level], ...] = (
    (r"van phong (?:ubnd|uy ban nhan dan) tinh", None, _P),
    (r"so y te", "health_department", _P),
    (r"cdc|trung tam kiem soat benh tat", "cdc", _P),
    (r"so giao thong(?: van tai)?|so gtvt", "transport", _P),
    (r"so ke hoach (?:va|&) dau tu|so kh ?(?:&|va) ?dt|so khdt", "planning", _P),
    (r"so lao dong\W+thuong binh (?:va|&) xa hoi|so ld ?-? ?tb ?(?:&|va) ?xh|so ldtbxh", "labour", _P),
    (r"(?:uy ban )?mat tran to quoc(?: viet nam)?|ubmttq(?:vn)?", "fatherland_front", _P),
    (r"(?:cac )?(?:trung tam y te|ttyt)", "district_health_centre", _D),
    (r"(?:cac )?benh vien(?: tuyen tinh| da khoa(?: tinh)?)?|bvdk", "hospital", _P),
    (r"(?:cac )?(?:uy ban nhan dan|ubnd)", "peoples_committee", _P),
    (rf"(?:cac )?(?:ban chi dao|bcd){_COVID}", "steering_committee", _P),
    (r"(?:cac )?tram y te", "commune_health_station", _C),
    (rf"(?:cac )?chot kiem soat(?: dich)?(?: benh)?{_COVID}", "checkpoint", _D),
    (r"(?:cac )?to covid(?:-?19)? cong dong", "community_team", _C),
    (r"(?:cac )?khu cach ly tap trung", "quarantine_facility", _D),
    (r"cac dia phuong", "peoples_committee", _D),
    (
        r"so (?:tai chinh|giao duc va dao tao|thong tin va truyen thong|cong thuong|noi vu|tu phap|xay dung"
        r"|tai nguyen va moi truong|nong nghiep va phat trien nong thon|ngoai vu|khoa hoc va cong nghe"
        r"|van hoa,? the thao va du lich)",
        None,
        _P,
    ),
    (
        r"cong an tinh|bo chi huy (?:quan su|bo doi bien phong) tinh|ban quan ly khu kinh te"
        r"|dai phat thanh (?:va|-) truyen hinh tinh|bao hiem xa hoi tinh|tinh doan"
        r"|hoi lien hiep phu nu tinh|lien doan lao dong tinh",
        None,
        _P,
    ),
    (r"cac so,? (?:ban,? )?nganh(?:,? doan the)?(?: tinh)?(?:,? dia phuong)?(?: lien quan)?", None, _P),
)
_PATTERNS = tuple(
    (re.compile(rf"(?<![a-z0-9])(?:{p})(?![a-z0-9])"), kind, level) for p, kind, level in _BODIES
)

# What may follow a body's name to say which of them: "cấp huyện, cấp xã", "các huyện, thành phố",
# "tỉnh", "huyện Phong Thổ" (a place's name: words in capitals in the text as written).
_ALL_DISTRICTS = r"(?:cac |cap )?huyen(?:,? (?:thi xa|thanh pho|cac thanh pho))*|cac thanh pho"
_ALL_COMMUNES = r"(?:cac |cap )?xa(?:,? (?:phuong|thi tran))*"
_SCOPE = re.compile(
    rf"\s*,?\s*(?:(?P<province>cap tinh|tinh)(?![a-z])|(?P<all>cac cap)"
    rf"|(?P<district>{_ALL_DISTRICTS})(?![a-z])|(?P<commune>{_ALL_COMMUNES})(?![a-z]))"
)
_NAMED = re.compile(r"\s*(?P<unit>huyen|thanh pho|thi xa|xa|phuong|thi tran|tinh)\s+(?=\S)")
_NAMED_LEVEL = {
    "huyen": _D,
    "thanh pho": _D,
    "thi xa": _D,
    "xa": _C,
    "phuong": _C,
    "thi tran": _C,
    "tinh": _P,
}
_CAPITALISED = re.compile(r"(?:[A-ZÀ-ỸĐ][\wÀ-ỹđĐ-]*)(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹđĐ-]*){0,3}")


def _named_place(text: str, folded: str, pos: int) -> tuple[Level, str, int] | None:
    """``huyện Phong Thổ`` at ``pos``: the level, the place's name as written, where it ends."""
    match = _NAMED.match(folded, pos)
    if match is None:
        return None
    name = _CAPITALISED.match(text, match.end())
    if name is None:
        return None
    return _NAMED_LEVEL[match["unit"]], name.group(), name.end()


def _scope(text: str, folded: str, pos: int) -> tuple[list[Target | Level], int]:
    """Levels (or named places) written after a body's name, and where they end."""
    found: list[Target | Level] = []
    while True:
        if (named := _named_place(text, folded, pos)) is not None:
            level, place, pos = named
            found.append(Target(None, level, place))
            continue
        match = _SCOPE.match(folded, pos)
        if match is None or match.end() == pos:
            return found, pos
        if match["all"]:
            found += [_P, _D, _C]
        else:
            found.append(next(Level(name) for name in ("province", "district", "commune") if match[name]))
        pos = match.end()


def _targets(kind: str | None, default: Level, scope: list[Target | Level]) -> tuple[Target, ...]:
    if not scope:
        return (Target(kind, default),)
    return tuple(
        Target(kind, item.level, item.place) if isinstance(item, Target) else Target(kind, item)
        for item in scope
    )


def mentions(text: str) -> list[Mention]:
    """The bodies named in ``text``, in order, never overlapping (the earliest, then the longest, wins)."""
    folded = fold(text)
    found: list[Mention] = []
    for pattern, kind, level in _PATTERNS:
        for match in pattern.finditer(folded):
            scope, end = _scope(text, folded, match.end()) if kind is not None else ([], match.end())
            name = text[match.start() : end].rstrip(" ,")
            found.append(
                Mention(match.start(), match.start() + len(name), name, _targets(kind, level, scope))
            )
    found.sort(key=lambda mention: (mention.start, -mention.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def targets_of(name: str) -> tuple[Target, ...]:
    """What a body's name (an addressee, a lead typed in the review form) means; empty if unknown."""
    found = mentions(name)
    if not found:
        return ()
    return tuple(target for mention in found for target in mention.targets)
