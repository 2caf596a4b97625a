#!/usr/bin/env python3
"""Directory benchmark: import of N synthetic contacts (with duplicate detection), search latency with 8
concurrent clients, export of all contacts. Runs against a started platform:

    DGE_URL=http://localhost:18083 DGE_ADMIN_PASSWORD=... python3 bench/directory/bench.py [N]

The contacts are synthetic (generated names, .invalid addresses); their organisations are the demo organisations
of the directory plus new ones, about 1 % of the rows repeat an earlier person and 2 % have a bad e-mail address.
"""
import http.cookiejar
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

URL = os.environ.get("DGE_URL", "http://localhost:18083").rstrip("/")
PASSWORD = os.environ["DGE_ADMIN_PASSWORD"]
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
FIRST = ["Camille", "Claire", "Julien", "Sophie", "Thomas", "Nathalie", "Nicolas", "Isabelle", "Mathieu", "Céline",
         "Antoine", "Élodie", "Pierre", "Aurélie", "Laurent", "Hélène", "Sébastien", "Émilie", "François", "Léa"]
LAST = ["Martin", "Bernard", "Petit", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia", "Roux",
        "Fournier", "Girard", "Bonnet", "Mercier", "Faure", "André", "Schmitt", "Muller", "Klein", "Weber", "Meyer"]
JOBS = ["Chargé·e de mission SIG", "Géomaticien·ne", "Directeur·rice", "Technicien·ne", "Élu·e", "Urbaniste"]
ROLES = ["", "", "", "technique", "référent", "élu"]

cookies = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))


def call(method, path, body=None, headers=None, timeout=600):
    request = urllib.request.Request(URL + path, data=body, method=method, headers=headers or {})
    with opener.open(request, timeout=timeout) as response:
        return response.status, response.read()


def main():
    status, body = call("POST", "/api/auth/login", json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                        {"Content-Type": "application/json"})
    csrf = json.loads(body)["csrfToken"]
    orgs = []
    offset = 0
    while True:
        _, body = call("GET", "/directory/api/organisations?limit=500&offset=%d" % offset)
        page = json.loads(body)
        orgs += [o["name"] for o in page["items"]]
        offset += 500
        if offset >= page["total"]:
            break
    rng = random.Random(44)
    new_orgs = ["Syndicat intercommunal n°%d" % i for i in range(200)]
    lines = ["Prénom;Nom;Courriel;Téléphone;Fonction;Organisation;Rôle"]
    people = []
    for i in range(N):
        if people and rng.random() < 0.01:
            lines.append(rng.choice(people))
            continue
        first, last = rng.choice(FIRST), rng.choice(LAST) + ("-%d" % (i % 997))
        email = "person.%d@bench.invalid" % i
        if rng.random() < 0.02:
            email = email.replace("@", "@@")
        line = ";".join([first, last, email, "03 53 48 %02d %02d" % (i % 100, (i // 100) % 100), rng.choice(JOBS),
                         rng.choice(orgs if rng.random() < 0.8 else new_orgs), rng.choice(ROLES)])
        lines.append(line)
        people.append(line)
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    print("file: %d rows, %.1f MiB" % (N, len(data) / 1048576))
    headers = {"Content-Type": "text/csv", "X-CSRF-Token": csrf}
    if os.environ.get("SEARCH_ONLY"):
        # the contacts of an earlier run are there: measure the search alone
        search(orgs, rng)
        colleges()
        return
    start = time.time()
    _, body = call("POST", "/directory/api/imports?fileName=bench.csv", data, headers, timeout=3600)
    took = time.time() - start
    report = json.loads(body)
    print("import: %.1f s — %s" % (took, report["summary"]))

    start = time.time()
    _, body = call("POST", "/directory/api/imports?fileName=bench.csv&dryRun=true", data, headers, timeout=3600)
    print("re-import preview: %.1f s — %s" % (time.time() - start, json.loads(body)["summary"]))

    search(orgs, rng)
    colleges()

    for fmt in ["csv", "xlsx", "vcf"]:
        start = time.time()
        _, body = call("GET", "/directory/api/export?format=" + fmt)
        print("export %s: %.1f s, %.1f MiB" % (fmt, time.time() - start, len(body) / 1048576))


def colleges():
    for _ in range(3):
        start = time.time()
        call("GET", "/directory/api/colleges")
        print("GET /directory/api/colleges: %.0f ms" % ((time.time() - start) * 1000))


def search(orgs, rng):
    queries = [rng.choice(FIRST) for _ in range(50)] + [rng.choice(LAST) for _ in range(50)] + \
              [" ".join(rng.choice(orgs).split()[-2:]) for _ in range(50)] + ["référent moselle", "colmar", "élu"]
    latencies = []
    lock = threading.Lock()

    def client(seed):
        local = random.Random(seed)
        mine = []
        for _ in range(150):
            q = urllib.parse.quote(local.choice(queries))
            kind = local.choice(["people", "organisations"])
            path = "/directory/api/%s?q=%s&limit=20" % (kind, q)
            t = time.perf_counter()
            urllib.request.urlopen(URL + path, timeout=60).read()
            mine.append(((time.perf_counter() - t) * 1000, kind))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(s,)) for s in range(8)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - start
    for label, kinds in [("all", ("people", "organisations")), ("people", ("people",)),
                         ("organisations", ("organisations",))]:
        ms = sorted(m for m, k in latencies if k in kinds)
        p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
        print("search %s, 8 clients, %d requests in %.1f s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms"
              % (label, len(ms), elapsed, p(0.5), p(0.95), p(0.99), ms[-1]))


if __name__ == "__main__":
    main()
