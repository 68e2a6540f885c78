# How the patient side writes dates and times in English (FORMAT_MODULE_PATH): months in full,
# 12-hour times, as US readers expect. Templates name these (|date:"DATETIME_FORMAT"), never a
# pattern of their own, so every page and email says a moment the same way in each language.
DATE_FORMAT = "F j, Y"  # December 1, 2026
DATETIME_FORMAT = "l, F j, Y, g:i A"  # Tuesday, December 1, 2026, 3:30 PM
MONTH_DAY_FORMAT = "l, F j"  # Tuesday, December 1 (a day in a list of times)
TIME_FORMAT = "g:i A"  # 3:30 PM
