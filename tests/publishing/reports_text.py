"""Short report texts written for the tests (the real report comes from ../shared/data)."""

AIRSTRIKES_EN = """By Sound and Picture organization

Coalition airstrikes hit al-Raqqa city again this week. Residents of al-Raqqa say the city pays for
every attack ISIS claims abroad: after each one, the coalition bombs the "caliphate capital" while
ISIS moves its fighters and their families away from the city to Deir Ezzor.

Civilians in al-Raqqa cannot leave: ISIS forbids it, and the roads out are bombed. The people of
al-Raqqa reject the name "caliphate capital" that the world gave their city.
"""

FAMILIES_AR = """نقل تنظيم داعش عائلات المقاتلين الأجانب من مدينة الرقة إلى قرى ريف دير الزور الشرقي،
بعيداً عن الحملة التي تقودها وحدات حماية الشعب وعن غارات التحالف الدولي.
"""

DETENTION_EN = """Air Force Intelligence detained forty men at a checkpoint in Daraa in March. Their families
have had no news of them since; relatives who asked at the branch were turned away.
"""
