"""The picker's preview says how often the article asks for a routine and each of its
exercises, and the length the article promises beside coach's own estimate."""

from __future__ import annotations

from support import make_app, shipped, tiny_library

SIZE = (100, 30)

WITH_FREQUENCY = """
[[exercises]]
id = "press"
name = "Toe press"
purpose = "Test exercise."
position = "Sit tall."
steps = ["Press."]
sides = "both"
prescription = { kind = "hold", seconds = 10 }

[[exercises]]
id = "curl"
name = "Towel curl"
purpose = "Test exercise."
position = "Sit tall."
steps = ["Curl."]
sides = "both"
prescription = { kind = "timed", seconds = 20, chosen_by_coach = ["seconds"] }

[[routines]]
id = "often"
name = "Often"
description = "Said how often, and how long."
frequency = { times = 1, per = "day", text = "every single morning" }
claimed_minutes = 5

[[routines.items]]
exercise = "press"
frequency = { times = 2, per = "week", text = "twice a week at most" }

[[routines.items]]
exercise = "curl"

[[routines]]
id = "plain"
name = "Plain"
description = "Says nothing of either."
items = [{ exercise = "press" }]
"""


def preview(app) -> list[str]:
    return str(app.screen.query_one("#preview-body").content).splitlines()


async def test_the_preview_says_how_often_and_the_claimed_length_beside_the_estimate(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, WITH_FREQUENCY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = preview(app)
        # get-ready 5 + hold 10, get-ready 5 + 20 s: 0:40
        assert "About 0:40 · the article says 5 minutes · 2 exercises" in lines
        assert "How often: every single morning" in lines
        press = lines.index("1. Toe press")
        assert lines[press + 2] == "   how often: twice a week at most"
        curl = lines.index("2. Towel curl")
        assert lines[curl + 1] == "   20 s · both feet together · coach's choice: length"
        assert not any("how often" in line for line in lines[curl + 1:])
        await pilot.press("down")
        lines = preview(app)
        assert "About 0:15 · 1 exercise" in lines
        assert not any("How often" in line or "article says" in line for line in lines)


async def test_the_shipped_twenty_minute_morning_shows_its_claim_and_its_frequency():
    # The article's own claim and frequency, as exercises.toml carries them.
    app, _ = make_app(shipped())
    async with app.run_test(size=SIZE) as pilot:
        app.screen.highlight("twenty-minute-morning")
        await pilot.pause()
        lines = preview(app)
        overview = next(o for o in app.overviews if o.id == "twenty-minute-morning")
        length = overview.length.removeprefix("~")
        assert f"About {length} · the article says 20 minutes · 5 exercises" in lines
        assert "How often: every morning" in lines
