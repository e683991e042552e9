#!/usr/bin/env python3
"""End-to-end check of namesake's yente-compatible API with OpenSanctions' official client.

Run against a `namesake serve` loaded with the UN list:

    python3 screen_un.py --base-url http://127.0.0.1:8000 --api-key KEY

Picks a UN-listed person through the API (search), screens them through /match and expects the
UN entity back with match=true; screens an unlisted person and expects nothing. Exits 0 on
success, 1 on failure, 77 when yente-client is not installed (the caller skips).
"""

import argparse
import sys

try:
    from yente_client import Client, Person
    from yente_client.exceptions import AuthenticationError
except ImportError as exc:  # pragma: no cover - depends on the environment
    print(f"SKIP: yente-client is not installed ({exc}); pip install yente-client")
    sys.exit(77)


def check(cond, msg):
    if not cond:
        print(f"FAIL: {msg}")
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--api-key", required=True)
    args = ap.parse_args()

    with Client(api_key=args.api_key, base_url=args.base_url, app_name="namesake-test") as c:
        check(c.healthz().status == "ok", "healthz")
        check(c.readyz().status == "ok", "readyz")
        datasets = {d.name for d in c.datasets().datasets}
        check("un" in datasets, f"catalog lacks the UN list: {sorted(datasets)}")
        algorithms = c.algorithms()
        check(algorithms.default, "algorithms has a default")

        # A UN-listed person with a name of three words or more and a date of birth.
        page = c.search("", datasets=["un"], schema="Person", limit=200)
        pick = next(
            (
                e
                for e in page.results
                if len(e.caption.split()) >= 3 and e.properties.get("birthDate")
            ),
            None,
        )
        check(pick is not None, "no UN person with a date of birth found through /search")
        fetched = c.fetch(pick.id)
        check(fetched.id == pick.id, "fetch returns the entity")

        birth = pick.properties["birthDate"][0]
        hits = c.match(
            Person(name=pick.caption, birthDate=birth),
            datasets=["un"],
            threshold=0.7,
            algorithm="best",
        )
        top = hits.top
        check(top is not None, f"no result for {pick.caption!r}")
        check(top.id == pick.id, f"top result {top.id} is not {pick.id}")
        check(top.match, f"{pick.caption!r}: match is false (score {top.score})")
        check("un" in top.datasets, "result carries its dataset")
        check("name" in top.explanations, "result explains the name score")
        print(f"listed:   {pick.caption!r} ({birth}) -> {top.id} score={top.score} match={top.match}")

        # The same person with the name reordered and in lower case, through the default dataset.
        words = pick.caption.lower().split()
        reordered = " ".join(words[1:] + words[:1])
        hits = c.match(Person(name=reordered), datasets=["default"])
        check(
            any(r.id == pick.id and r.match for r in hits.results),
            f"{reordered!r} does not find {pick.id}",
        )

        unlisted = c.match(
            Person(name="Margaret Eleanor Whitcombe", birthDate="1988-02-14", nationality="gb"),
            datasets=["un"],
        )
        check(unlisted.matches == [], f"unlisted person matched: {[r.id for r in unlisted.matches]}")
        check(unlisted.results == [], f"unlisted person got results: {[r.id for r in unlisted.results]}")
        print("unlisted: 'Margaret Eleanor Whitcombe' -> no result")

    with Client(api_key="wrong-key-0123456789", base_url=args.base_url) as bad:
        try:
            bad.match(Person(name="anyone"), datasets=["un"])
            check(False, "a wrong key was accepted")
        except AuthenticationError:
            print("wrong key: refused (401)")

    print("OK")


if __name__ == "__main__":
    main()
