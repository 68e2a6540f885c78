# Spanish as US Spanish readers write it (see formats/en/formats.py): day before month, 12-hour
# times with "a. m." / "p. m." (Django's own Spanish formats use a 24-hour clock).
DATE_FORMAT = r"j \d\e F \d\e Y"  # 1 de diciembre de 2026
DATETIME_FORMAT = r"l j \d\e F \d\e Y, g:i a"  # martes 1 de diciembre de 2026, 3:30 p.m.
MONTH_DAY_FORMAT = r"l j \d\e F"  # martes 1 de diciembre
TIME_FORMAT = "g:i a"  # 3:30 p.m.
