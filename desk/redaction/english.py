"""What sets ordinary English apart from a seed phrase: the words every message is made of.

Plenty of English prose is nothing but wordlist words: "you approve only what you need now,
you approve again next time" is twelve of them. What it is not is a random draw: most of its
words are among the commonest of the language. A random phrase draws one of these 287 words
one time in seven, so a phrase may hold some but not mostly them (phrases.Tally.is_phrase).
"""

from __future__ import annotations

# Short English words of every sentence that the English list lacks. An English phrase does
# not bridge them, nor takes one for a typo of a list word ("your" for "hour"). For the other
# lists they are ordinary other words: a mistyped Italian "tuo" may read "too".
GLUE = frozenset("""
a an the to of and or but nor is are was were be been being am i me my mine we us our it its in
on at by for from with as if so not no yes do did does done has had he she his her him them their
theirs these those here than who whom whose how why your yours up out onto per via too im ive
dont cant didnt doesnt isnt wasnt wont thats pls plz ok okay hi hey thanks
""".split())

# The wordlist words common in English and in this desk's messages: the commonest words of
# English that are in the list, those written four times or more in the training examples
# (data/nlu/en, which are not used to measure), and the words of the app's own screens that
# users retrace ("Assets > Deposit > choose coin > choose network > copy address").
COMMON = frozenset("""
about above access account address again agent all almost alone already also always among amount
another answer any approve area around arrive ask away balance base because before behind below
best better between bring broken call can cancel card case change chat check click close code
coin come company correct cost country credit cross day delay deposit device document during
early easy either else empty end enough error example exchange explain fee few file find fine
first fix follow found friend frozen gas give good great group hand hard have hello help high
history hold home hour human idea into issue joke just keep key kind know laptop later left
level life like limit link little live lock long make manual market mean message minimum mistake
month more morning move much must myself name near need network never next nice night nothing
now number off often old once one online only open order other over own page pass people person
phone photo phrase place please point position possible price problem proof put rather real
reason receive remember review right risk same say screen script security seed sell service side
since small someone soon sorry sound speak speed spot staff start state step still such sure
swap switch system tag talk team tell thank that then there they thing this ticket time today
together token top toward trade transfer trust try turn two under unlock until update upon use
used useless usual verify version very volume wait want way web what when where will wish word
work world write wrong year you young zero
asset choose confirm copy detail earn enter filter future language list margin menu mobile
option record save scan search select share sort submit theme
""".split())
