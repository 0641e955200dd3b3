"""/risk: the plan's risk register. Plan leads add risks; a risk's owner (or their delegate
while they are away) and plan leads rate, review, link and close it; everyone can read."""

from __future__ import annotations

from commands.risks import changes, reading, words
from commands.spec import Spec

RATING = "<B2 or 4x3>"

ROWS = (
    Spec(
        "risk", "add",
        f'/risk add "<title>" owner <@person> rating {RATING} [target <rating>] '
        "[review <date>] [every <period>]",
        "Plan leads: add a risk to the register (coded R1, R2 … in turn).",
        ('/risk add "Social worker recruitment and retention" owner @sam.patel rating 4x4 '
         "target 2x4 every month",),
        words.AddRisk, words.read_add, changes.add,
    ),
    Spec(
        "risk", "show", "/risk show <code>",
        "Everything about one risk: ratings, controls, mitigating actions, next review.",
        ("/risk show R1",),
        words.ShowRisk, words.read_show, reading.show,
    ),
    Spec(
        "risk", "list", "/risk list [open | all | mine | due | red | @person]",
        "The heat map and the risks, worst first: open ones by default.",
        ("/risk list", "/risk list due", "/risk list mine"),
        words.ListRisks, words.read_list, reading.listing,
    ),
    Spec(
        "risk", "rate", f"/risk rate <code> {RATING} because <reason>",
        "A new current rating (or 'target 2x3', 'inherent 5x4'); the reason is kept in the "
        "history.",
        ("/risk rate R1 4x4 because two more team managers left",
         "/risk rate R1 target 2x4 because the board agreed a lower appetite"),
        words.RateRisk, words.read_rate, changes.rate,
    ),
    Spec(
        "risk", "review", "/risk review <code> [note]",
        "Record a review: the next one falls a period on.",
        ("/risk review R1 Controls checked; agency conversions on track",),
        words.ReviewRisk, words.read_review, changes.review,
    ),
    Spec(
        "risk", "link", "/risk link <code> <ref…>",
        "Link mitigating actions to a risk.",
        ("/risk link R1 4.1 4.2",),
        words.LinkRisk, words.read_link, changes.link,
    ),
    Spec(
        "risk", "close", "/risk close <code> [note]",
        "Close a risk: it leaves the heat map and its reviews stop.",
        ("/risk close R4 Judgement improved; no longer a risk to the plan",),
        words.CloseRisk, words.read_close, changes.close,
    ),
    Spec(
        "risk", "tolerate", "/risk tolerate <code> because <reason>",
        "Accept a risk at its current rating: still on the heat map and reviewed.",
        ("/risk tolerate R5 because the residual risk is within the council's appetite",),
        words.CloseRisk, words.read_tolerate, changes.close,
    ),
    Spec(
        "risk", "reopen", "/risk reopen <code> because <reason>",
        "Reopen a closed or tolerated risk.",
        ("/risk reopen R4 because the monitoring visit found drift",),
        words.CloseRisk, words.read_reopen, changes.close,
    ),
    Spec(
        "risk", "edit", "/risk edit <code> <field> <text>",
        "Change a risk's title, description, cause, consequence, controls, owner, review "
        "(date) or every (how often).",
        ("/risk edit R1 controls Weekly caseload tracking; agency conversion scheme",
         "/risk edit R1 owner @jane.smith", "/risk edit R1 every quarter"),
        words.EditRisk, words.read_edit, changes.edit,
    ),
    Spec(
        "risk", "history", "/risk history <code>",
        "Every change to a risk: who, when, what and why.",
        ("/risk history R1",),
        words.RiskHistory, words.read_history, reading.history,
    ),
)  # fmt: skip
