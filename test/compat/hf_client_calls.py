"""Drives huggingface_hub's paper methods against ENDPOINT and prints what the client parsed, as JSON.

The node:test file hf-client.test.ts starts the server, runs this script and asserts the values.
Usage: python3 hf_client_calls.py ENDPOINT SUBMITTER PAPER_ID CLAIMED_PAPER_ID
(the days asked for are the last of the demo corpus, data/demo).
"""
import dataclasses
import datetime
import json
import sys

from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError


def plain(value):
    """Client objects as JSON: datetimes as ISO strings (with their type kept visible), objects by their attributes."""
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
        return {k: plain(v) for k, v in vars(value).items()}
    return value


def status_of(call):
    try:
        call()
        return None
    except HfHubHTTPError as err:
        return err.response.status_code


endpoint, submitter, paper_id, claimed_id = sys.argv[1:5]
api = HfApi(endpoint=endpoint, token=False)
out = {
    "daily_latest": plain(list(api.list_daily_papers())),
    "daily_date": plain(list(api.list_daily_papers(date="2025-12-31"))),
    "daily_week_page": plain(list(api.list_daily_papers(week="2025-W52", limit=20, p=1))),
    "daily_month_by_date": plain(list(api.list_daily_papers(month="2025-12", sort="publishedAt", limit=5))),
    "daily_submitter": plain(list(api.list_daily_papers(submitter=submitter, limit=100))),
    "paper": plain(api.paper_info(paper_id)),
    "paper_versioned": plain(api.paper_info(paper_id + "v1")),
    "paper_claimed": plain(api.paper_info(claimed_id)),
    "paper_missing_status": status_of(lambda: api.paper_info("2401.00000")),
    "search": plain(list(api.list_papers(query="scribble editing", limit=3))),
    "search_no_query": plain(list(api.list_papers(limit=2))),
    "markdown": api.read_paper(paper_id),
    "bad_date_status": status_of(lambda: list(api.list_daily_papers(date="2025-02-30"))),
}
json.dump(out, sys.stdout)
