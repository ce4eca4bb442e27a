# Työpajojen ja tehtävien JSON-rajapinnan omat viestit (sivujen viestit ovat tiedostossa workshops.ftl).
workshops-api-too-many-slots = Kyselyssä voi olla enintään 100 ajankohtaa.
workshops-api-answers-missing = Vastaa ainakin yhteen ajankohtaan.
workshops-api-unknown-slot = Kyselyssä ei ole tätä ajankohtaa.
workshops-api-answer-invalid = Vastauksen on oltava yes, if_need_be tai no.
workshops-api-place-invalid = Paikka voi olla enintään 300 merkkiä yhdellä rivillä.
