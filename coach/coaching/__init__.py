"""The coaching rules of issue 13, pure and Textual-free: no I/O, no history, plain data in.

- :mod:`coach.coaching.traffic`: one session's traffic light (green, amber, red) from its pain
  scores, after the pain-monitoring model of Silbernagel et al. (2007).
- :mod:`coach.coaching.levels`: the level of each ranged routine item, stepped up after three
  easy sessions, held on amber, stepped back on red; the person may hold or reset it.
- :mod:`coach.coaching.plan`: a routine's plan (days, times, the article's default), what is
  due on a day, adherence week by week, and the missed planned day to ask about.
- :mod:`coach.coaching.today`: the pain trend (the last seven days against the first week)
  and the suggestion for today from the last light.

Every result carries its reason in plain words, for the person to read.
"""
