# alignkit supplement to the Moses/sacremoses Russian non-breaking prefixes.
#
# A word listed here, followed by a period, does not end a sentence.  A word marked
# #NUMERIC_ONLY# only keeps the sentence going when the next word is a number.
# Entries here override the sacremoses list.  Matching is case-sensitive, as in Moses.
# A lowercase word after a period never starts a sentence anyway; these entries
# matter when the next word is capitalised or a number: "рис. 5", "им. Ломоносова",
# "млн. долл. США", "ст. 5", "т.е. Стороны".

# References: article, paragraph, chapter, section, figure, table, page, note
ст
Ст
п
пп
подп
абз
гл
разд
рис
табл
прил
прим
стр
с
см
ср
напр
док
вып
изд
сост
# "имени"
им
# numbers and money
тыс
млн
млрд
трлн
долл
руб
коп
# dates: "2017 г. Совет…" is mid-sentence as often as it ends one; keep it joined
г
гг
в
вв
# "т. е.", "т.е.", "т. н.", "в т. ч."; "т. д." / "т. п." are handled in moses.py
т
т.е
т.н
т.к
т.ч
# languages in "[Подлинный текст: англ.]"
англ
фр
исп
кит
рус
араб
# titles
акад
проф
