# Import från Blogger och WordPress: anteckningen på importerade inlägg och ersättningsnamn.
import-note = Det här inlägget har importerats till Lupa från en { $source }-blogg. Utseendet kan skilja sig från originalet.
import-note-address = Ursprunglig adress:
import-untitled = Inlägg utan rubrik
import-anonymous = Anonym kommentator
