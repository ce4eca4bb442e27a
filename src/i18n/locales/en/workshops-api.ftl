# The workshops and tasks JSON API's own messages (the pages' messages are in workshops.ftl).
workshops-api-too-many-slots = A poll can have at most 100 times.
workshops-api-answers-missing = Give an answer to at least one time.
workshops-api-unknown-slot = The poll has no such time.
workshops-api-answer-invalid = The answer must be yes, if_need_be or no.
workshops-api-place-invalid = The place can be at most 300 characters on one line.
