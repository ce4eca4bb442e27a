# Tuonti Bloggerista ja WordPressista: tuodun kirjoituksen huomautus ja korvaavat nimet.
import-note = Tämä kirjoitus on tuotu { $source }-blogista Lupaan. Sen ulkoasu voi poiketa alkuperäisestä.
import-note-address = Alkuperäinen osoite:
import-untitled = Nimetön kirjoitus
import-anonymous = Nimetön kommentoija
