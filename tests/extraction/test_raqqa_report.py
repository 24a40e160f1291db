"""The report every extraction feature must handle: ISIS and al-Raqqa, no dated casualty event."""

from sijill.extraction import extract


def test_raqqa_report_yields_its_places_actors_and_no_invented_count_or_date(raqqa_report):
    result = extract(raqqa_report).as_dict()
    assert result["language"] == "en"
    places = result["places"]
    pcodes = {p["pcode"] for p in places}
    assert {"SY11", "SY09", "IQG01"} <= pcodes  # al-Raqqa, Deir Ezzor, al-Anbar
    assert any(p["pcode"] and p["governorate"] == "IQG15" and "Mosul" in p["text"] for p in places)
    eastern = [p for p in places if p["pcode"] == "SY09" and p["part"] == "east"]
    assert eastern and eastern[0]["context"] == "countryside"
    assert raqqa_report[slice(*eastern[0]["span"])] == "eastern countryside of Deir Ezzor"
    border = [p for p in places if p["context"] == "border"]
    assert border and border[0]["countries"] == ["SY", "IQ"] and border[0]["pcode"] is None

    seeded = {a["actor"] for a in result["actors"] if not a["unseeded"]}
    assert {"isis", "international-coalition", "ypg", "syrian-government-forces"} <= seeded
    regime = [a for a in result["actors"] if a["actor"] == "syrian-government-forces"]
    assert regime[0]["text"] == "al-Assad regime"
    # Battalion al-Battar is seeded (actors migration 0003) as a unit of ISIS.
    battar = [a for a in result["actors"] if a["actor"] == "isis-battar"]
    assert battar and {(a["name"], a["parent"]) for a in battar} == {("Battalion al-Battar", "isis")}
    assert not [a for a in result["actors"] if a["unseeded"]]

    assert result["casualties"] == []
    assert result["dates"] == []
    assert "killed" not in result["incident"] and "date" not in result["incident"]
    for kind in ("places", "actors", "dates", "casualties", "violations", "victims"):
        for item in result[kind]:
            start, end = item["span"]
            assert raqqa_report[start:end] == item["text"]
            assert 0 < item["confidence"] <= 1
