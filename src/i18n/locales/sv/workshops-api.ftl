# JSON-gränssnittets egna meddelanden för workshoppar och uppgifter (sidornas finns i workshops.ftl).
workshops-api-too-many-slots = En enkät kan ha högst 100 tider.
workshops-api-answers-missing = Svara på minst en tid.
workshops-api-unknown-slot = Enkäten har ingen sådan tid.
workshops-api-answer-invalid = Svaret ska vara yes, if_need_be eller no.
workshops-api-place-invalid = Platsen kan vara högst 300 tecken på en rad.
