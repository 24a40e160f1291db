"""The plain-language caveat printed beside every estimate, in English and Arabic.

Written for a reader who is not a statistician: what the number is (an estimate, not a count),
what the interval means, what the method assumes, and warnings that fire on the data at hand
(few lists, a very wide or open-ended interval, a sparse table, a chain that did not settle).
"""

from __future__ import annotations

import math


def _number(value: float) -> str:
    return f"{round(value):,}"


def build_caveat(result: dict) -> dict[str, str]:
    """{"en": ..., "ar": ...} for an estimate dict as returned by `sijill.estimation.estimate`."""
    observed = result["observed"]
    estimate = result["estimate"]
    lower, upper = result["lower"], result["upper"]
    level = round(100 * result.get("interval_level", 0.95))
    open_ended = upper is None or not math.isfinite(upper)
    unseen = max(estimate - observed, 0)
    en = [
        f"This is a statistical estimate, not a count. {_number(observed)} victims are documented "
        f"on at least one list; the model estimates about {_number(estimate)} in total, so about "
        f"{_number(unseen)} were recorded by none of the lists."
    ]
    ar = [
        f"هذا تقدير إحصائي وليس عدًّا. وُثِّق {_number(observed)} ضحية في قائمة واحدة على الأقل؛ "
        f"ويقدّر النموذج العدد الكلي بنحو {_number(estimate)}، أي أن نحو {_number(unseen)} "
        "لم تسجّلهم أيّ من القوائم."
    ]
    if open_ended:
        en.append(f"The data cannot set an upper limit: the {level}% interval starts at "
                  f"{_number(lower)} and has no upper end. Treat the estimate as very uncertain.")
        ar.append(f"لا تسمح البيانات بتحديد حدّ أعلى: يبدأ مجال الثقة {level}% عند {_number(lower)} "
                  "ولا حدّ أعلى له. فاعتبر التقدير غير مؤكَّد إلى حدّ بعيد.")
    else:
        en.append(f"The true total is plausibly between {_number(lower)} and {_number(upper)} "
                  f"({level}% interval).")
        ar.append(f"والأرجح أن العدد الحقيقي بين {_number(lower)} و{_number(upper)} "
                  f"(مجال {level}%).")
        if upper > 2 * lower:
            en.append("The interval is wide: the lists overlap too little to pin the total down.")
            ar.append("المجال واسع: التداخل بين القوائم أقل من أن يحدّد العدد الكلي بدقة.")
    en.append("It assumes that every victim could have been recorded, that the same person was "
              "matched correctly across lists, and that the model captures how the lists depend on "
              "each other.")
    ar.append("ويفترض التقدير أن كل ضحية كان يمكن أن تُسجَّل، وأن الشخص نفسه رُبط بشكل صحيح بين "
              "القوائم، وأن النموذج يعبّر عن اعتماد القوائم بعضها على بعض.")
    if result["method"] == "loglinear":
        en.append("The interval reflects only the chosen log-linear model; other models that fit "
                  "almost as well can give different totals.")
        ar.append("ويعكس المجال النموذج اللوغاريتمي الخطي المختار وحده؛ وقد تعطي نماذج أخرى "
                  "مقاربة في الملاءمة أعدادًا مختلفة.")
        close = [m["estimate"] for m in result.get("close_models", [])]
        if close and (min(close) < 0.8 * estimate or max(close) > 1.25 * estimate):
            en.append(f"Here they range from {_number(min(close + [estimate]))} to "
                      f"{_number(max(close + [estimate]))}.")
            ar.append(f"وهي هنا تتراوح بين {_number(min(close + [estimate]))} و"
                      f"{_number(max(close + [estimate]))}.")
    else:
        rhat = result.get("sampler", {}).get("rhat")
        if rhat is not None and rhat > 1.1:
            en.append(f"The sampler's chains disagree (R-hat {rhat}); run it longer before relying "
                      "on this figure.")
            ar.append(f"سلاسل المحاكاة غير متّفقة (R-hat {rhat})؛ أعد التشغيل لمدة أطول قبل "
                      "الاعتماد على هذا الرقم.")
    if len(result["lists"]) == 2:
        en.append("With only two lists the estimate assumes the lists are independent, which is "
                  "rarely true; it is likely too low when the same victims are easy for both lists.")
        ar.append("مع قائمتين فقط يفترض التقدير أن القائمتين مستقلتان، وهذا نادرًا ما يصحّ؛ "
                  "والأرجح أنه أقل من الحقيقة إذا كان الضحايا أنفسهم سهلي الوصول للقائمتين معًا.")
    if result.get("zero_cells", 0) > result.get("cells", 0) / 2:
        en.append("Most combinations of lists have no victims at all; estimates from such sparse "
                  "tables are fragile.")
        ar.append("معظم تركيبات القوائم لا تضم أي ضحية؛ والتقديرات المبنية على جداول متفرّقة "
                  "كهذه هشّة.")
    dropped = result.get("lists_dropped") or []
    if dropped:
        en.append(f"Left out because they document nobody here: {', '.join(dropped)}.")
        ar.append(f"استُبعدت لأنها لا توثّق أحدًا هنا: {'، '.join(dropped)}.")
    en.append("It says nothing about victims whom no list could ever reach.")
    ar.append("ولا يقول شيئًا عن ضحايا لم يكن بوسع أيّ قائمة الوصول إليهم أصلًا.")
    return {"en": " ".join(en), "ar": " ".join(ar)}
