#!/usr/bin/env bash
# The platform's map services against MapServer 8 on the same data and machine, in the same run: MapServer
# (Debian cgi-mapserver) as FastCGI behind lighttpd serves the communes layer the platform publishes as a demo
# (the same GeoJSON, converted to an indexed Shapefile, MapServer's native input), with the same style and
# labels; both get the same random requests from wrk, 8 connections, DURATION seconds per scenario, one after the
# other: 256×256 GetMap PNG z7–z13, OGC API Features pages of 100 communes, MVT tiles z6–z14.
# Usage: BASE=http://localhost:8080 DURATION=20 bench/maps/mapserver.sh   (a platform with plugin.maps at BASE)
# Needs the Debian packages wrk, cgi-mapserver, mapserver-bin, lighttpd and gdal-bin.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BASE="${BASE:-http://localhost:8080}"
DURATION="${DURATION:-20}"
PROCS="${MAPSERVER_PROCS:-4}"
for tool in wrk lighttpd ogr2ogr shptree; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool (Debian packages wrk, lighttpd, gdal-bin, mapserver-bin)" >&2; exit 2; }
done
[ -x /usr/lib/cgi-bin/mapserv ] || { echo "bench: install MapServer (Debian package cgi-mapserver)" >&2; exit 2; }
curl -sf -o /dev/null "$BASE/maps/api/layers/communes" || { echo "bench: no communes layer at $BASE" >&2; exit 2; }

work=$(mktemp -d)
lighttpd_pid=""
cleanup() {
  # lighttpd's FastCGI children (the mapserv processes) first: they outlive it otherwise
  if [ -n "$lighttpd_pid" ]; then pkill -P "$lighttpd_pid" 2>/dev/null; kill "$lighttpd_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

zcat "$root/plugin.maps/maps/src/main/resources/demo/communes-grand-est.geojson.gz" >"$work/communes.geojson"
# A Shapefile with its quadtree index (shptree), MapServer's native and fastest input (its FlatGeobuf reader of
# 8.0.0 crashed on OGC API Features items). Shapefile field names stop at 10 characters ("departemen").
ogr2ogr -f "ESRI Shapefile" "$work/communes.shp" "$work/communes.geojson" -lco ENCODING=UTF-8 \
  -mapFieldType StringList=String 2>/dev/null
shptree "$work/communes.shp" >/dev/null
printf 'dejavu /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n' >"$work/fonts.txt"
# The platform's style of the demo layer: fill #fdd49e at 60 %, outline #b30000 0.5 px, names from zoom 11.
cat >"$work/communes.map" <<MAPFILE
MAP
  NAME "communes"
  CONFIG "MS_ERRORFILE" "$work/mapserver-errors.log"
  EXTENT 3.38 47.42 8.24 50.17
  UNITS DD
  SIZE 256 256
  FONTSET "$work/fonts.txt"
  PROJECTION "init=epsg:4326" END
  OUTPUTFORMAT NAME "png" DRIVER AGG/PNG MIMETYPE "image/png" IMAGEMODE RGBA EXTENSION "png" TRANSPARENT ON END
  OUTPUTFORMAT NAME "mvt" DRIVER MVT MIMETYPE "application/vnd.mapbox-vector-tile" EXTENSION "pbf"
    FORMATOPTION "EXTENT=4096" FORMATOPTION "EDGE_BUFFER=64" END
  WEB
    METADATA
      "ows_title" "Communes"
      "ows_onlineresource" "http://127.0.0.1:$port/mapserv?MAP=communes&"
      "wms_srs" "EPSG:3857 EPSG:4326 EPSG:2154"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
      "oga_onlineresource" "http://127.0.0.1:$port/mapserv/communes/ogcapi"
    END
  END
  LAYER
    NAME "communes"
    TYPE POLYGON
    STATUS ON
    TEMPLATE "void"  # queryable: OGC API Features lists only queryable layers
    DATA "$work/communes.shp"
    PROJECTION "init=epsg:4326" END
    METADATA
      "ows_title" "Communes"
      "gml_include_items" "all"
      "oga_include_items" "all"
      "gml_featureid" "code"
      "oga_featureid" "code"
    END
    CLASS
      STYLE COLOR 253 212 158 OPACITY 60 END
      STYLE OUTLINECOLOR 179 0 0 WIDTH 0.5 END
      LABEL TEXT "[nom]" FONT "dejavu" TYPE TRUETYPE SIZE 8 COLOR 59 0 0 MAXSCALEDENOM 272989 END
    END
  END
END
MAPFILE
cat >"$work/mapserver.conf" <<CONF
CONFIG
  MAPS
    "communes" "$work/communes.map"
  END
END
CONF
mkdir -p "$work/www"
cat >"$work/lighttpd.conf" <<CONF
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$work/lighttpd.log"
server.modules = ("mod_fastcgi")
fastcgi.server = ("/mapserv" => ((
  "bin-path" => "/usr/lib/cgi-bin/mapserv",
  "socket" => "$work/mapserv.sock",
  "check-local" => "disable",
  "max-procs" => $PROCS,
  "bin-environment" => ("MAPSERVER_CONFIG_FILE" => "$work/mapserver.conf")
)))
CONF
lighttpd -D -f "$work/lighttpd.conf" >"$work/lighttpd.out" 2>&1 &
lighttpd_pid=$!
MS="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf -o /dev/null "$MS/mapserv?MAP=communes&SERVICE=WMS&REQUEST=GetCapabilities" && break; sleep 0.2; done
curl -sf -o /dev/null "$MS/mapserv?MAP=communes&SERVICE=WMS&REQUEST=GetCapabilities" \
  || { echo "bench: MapServer does not answer; see its log:" >&2; cat "$work/lighttpd.log" >&2; exit 1; }

# One request of each kind first: a server answering errors would show absurd rates.
check() { # url expected-content-type
  local type
  type=$(curl -s -o "$work/check.out" -w '%{http_code} %{content_type}' "$1")
  case "$type" in
    "200 $2"*) ;;
    *) echo "bench: $1 answered $type:" >&2; head -c 600 "$work/check.out" >&2; echo >&2
       cat "$work/mapserver-errors.log" "$work/lighttpd.log" >&2 2>/dev/null; exit 1 ;;
  esac
}
for server in "$BASE/maps/wms?" "$MS/mapserv?MAP=communes&"; do
  check "${server}SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communes&STYLES=&CRS=EPSG:3857&BBOX=776000,6140000,796000,6160000&WIDTH=256&HEIGHT=256&FORMAT=image/png" image/png
done
check "$BASE/maps/ogcapi/collections/communes/items?f=json&limit=100&offset=200" application/geo+json
# MapServer 8.0 labels its GeoJSON application/json
check "$MS/mapserv/communes/ogcapi/collections/communes/items?f=json&limit=100&offset=200" application/json
check "$BASE/maps/tiles/communes/10/533/356.mvt" application/vnd.mapbox-vector-tile
check "$MS/mapserv?MAP=communes&MODE=tile&TILEMODE=gmap&TILE=533+356+10&LAYERS=communes&MAP.IMAGETYPE=mvt" \
  application/vnd.mapbox-vector-tile

run() { # server kind url
  MAPS_SERVER=$1 MAPS_KIND=$2 wrk -t2 -c8 -d"${DURATION}s" --latency -s "$here/random.lua" "$3" | grep '^RESULT' \
    | sed "s/^RESULT/RESULT $1/"
}
for kind in getmap features tiles; do
  run platform "$kind" "$BASE"
  run mapserver "$kind" "$MS"
done
