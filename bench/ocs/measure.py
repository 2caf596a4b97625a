"""Measures the OCS GE plugin against a running platform and cross-checks its areas with PostGIS."""
import base64, glob, gzip, http.client, json, os, statistics, subprocess, sys, time
from urllib.parse import urlparse

base, gpkg_dir, deps = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
url = urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=3600)


def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r.status, body


print("== import (POST /ocs/api/imports)")
total_polygons, total_seconds = 0, 0.0
for f in sorted(glob.glob(os.path.join(gpkg_dir, "*.gpkg"))):
    dep = os.path.basename(f).split("_D0")[1][:2]
    data = open(f, "rb").read()
    t = time.perf_counter()
    conn.request("POST", "/ocs/api/imports?departement=" + dep, body=data,
                 headers={"Content-Type": "application/geopackage+sqlite3", "Authorization": "Basic "
                 + base64.b64encode(os.environ["OCS_BENCH_ADMIN"].encode()).decode()})
    r = conn.getresponse()
    body = r.read()
    dt = time.perf_counter() - t
    if r.status != 201:
        sys.exit("import of %s failed: %s %s" % (f, r.status, body[:500]))
    n = json.loads(body)["polygons"]
    total_polygons += n
    total_seconds += dt
    print("  %s: %d polygons in %.1f s = %.0f polygons/s" % (os.path.basename(f), n, dt, n / dt))
print("  total: %d polygons in %.1f s = %.0f polygons/s" % (total_polygons, total_seconds, total_polygons / total_seconds))

print("== indicators (GET /ocs/api/territories/.../indicators)")
codes, epcis = [], set()
# every commune of the départements, from the platform's own commune file
gz = os.environ.get("OCS_COMMUNES") or os.path.join(os.path.dirname(__file__), "..", "..", "platform.core",
    "territories", "src", "main", "resources", "fr", "datagrandest", "platform", "core", "territories", "data",
    "communes-grand-est.geojson.gz")
for feature in json.load(gzip.open(gz))["features"]:
    p = feature["properties"]
    if p["departement"] in deps:
        codes.append(p["code"])
        epcis.add(p["epci"])
lat = []
t0 = time.perf_counter()
for c in codes:
    t = time.perf_counter()
    s, b = get("/ocs/api/territories/commune/%s/indicators" % c)
    lat.append((time.perf_counter() - t) * 1000)
    assert s == 200, (c, b[:200])
t_communes = time.perf_counter() - t0
t0 = time.perf_counter()
for e in sorted(epcis):
    s, b = get("/ocs/api/territories/epci/%s/indicators" % e)
    assert s == 200, (e, b[:200])
t_epci = time.perf_counter() - t0
t0 = time.perf_counter()
dep_results = {}
for dep in deps:
    s, b = get("/ocs/api/territories/departement/%s/indicators" % dep)
    dep_results[dep] = json.loads(b)
t_dep = time.perf_counter() - t0
lat.sort()
print("  %d communes in %.1f s (p50 %.1f ms, p99 %.1f ms), %d EPCI in %.1f s, %d départements in %.2f s"
      % (len(codes), t_communes, statistics.median(lat), lat[int(len(lat) * 0.99) - 1], len(epcis), t_epci,
         len(deps), t_dep))

print("== PostGIS cross-check (same GeoPackages, ogr2ogr, SUM(ST_Area) per class)")
worst = 0.0
t_pg = 0.0
for f in sorted(glob.glob(os.path.join(gpkg_dir, "*.gpkg"))):
    name = os.path.basename(f)[:-5].lower()
    dep, year = name.split("_d0")[1].split("_")
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:", f, "-nln", name, "-lco", "GEOMETRY_NAME=geom",
                    "-lco", "SPATIAL_INDEX=NONE", "-overwrite"], check=True)
    t = time.perf_counter()
    out = subprocess.run(["psql", "-At", "-F", ",", "-c",
                          "SELECT code_cs, sum(ST_Area(geom)) FROM %s GROUP BY code_cs" % name],
                         check=True, capture_output=True, text=True).stdout
    t_pg += time.perf_counter() - t
    key = "areaFrom" if int(year) == min(s["from"] for s in dep_results[dep]["sources"]) else "areaTo"
    plugin = {c["code"]: c[key] for c in dep_results[dep]["cover"]}
    for line in out.strip().splitlines():
        code, area = line.split(",")
        rel = abs(plugin.get(code, 0.0) - float(area)) / float(area)
        worst = max(worst, rel)
print("  largest relative difference per département and cover class: %.2e (%s)"
      % (worst, "OK" if worst <= 1e-6 else "DIFFERENT"))
print("  PostGIS aggregation %.2f s vs plugin département indicators %.2f s: ratio PostGIS/plugin %.1f"
      % (t_pg, t_dep, t_pg / max(t_dep, 1e-9)))

print("== deleting the latest vintage of each département, then importing it again")
auth = {"Authorization": "Basic " + base64.b64encode(os.environ["OCS_BENCH_ADMIN"].encode()).decode()}
for dep in deps:
    latest = max(s["to"] for s in dep_results[dep]["sources"])
    t = time.perf_counter()
    conn.request("DELETE", "/ocs/api/vintages/%s/%d" % (dep, latest), headers=auth)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit("deletion of %s %d failed: %s %s" % (dep, latest, r.status, body[:500]))
    dt = time.perf_counter() - t
    f = glob.glob(os.path.join(gpkg_dir, "*_D0%s_%d.gpkg" % (dep, latest)))[0]
    t = time.perf_counter()
    conn.request("POST", "/ocs/api/imports?departement=" + dep, body=open(f, "rb").read(),
                 headers=dict(auth, **{"Content-Type": "application/geopackage+sqlite3"}))
    r = conn.getresponse()
    body = r.read()
    if r.status != 201:
        sys.exit("re-import of %s failed: %s %s" % (f, r.status, body[:500]))
    print("  %s %d: %d polygons deleted in %.1f s, imported again in %.1f s"
          % (dep, latest, json.loads(body)["polygons"], dt, time.perf_counter() - t))
