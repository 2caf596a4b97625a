-- Random requests over Grand Est for wrk: MAPS_KIND = getmap | tiles | cached | features | capabilities;
-- MAPS_SERVER = platform (default) | mapserver (the same requests in MapServer's URLs, see mapserver.sh).
local kind = os.getenv("MAPS_KIND") or "getmap"
local mapserver = os.getenv("MAPS_SERVER") == "mapserver"
local R = 20037508.342789244
-- Grand Est in web mercator (approximately 3.38–8.24 E, 47.42–50.17 N)
local minx, maxx, miny, maxy = 376600, 917300, 6013000, 6482000
math.randomseed(os.time())

local function tile_of(z, x, y)
  local n = 2 ^ z
  return math.floor((x + R) / (2 * R) * n), math.floor((R - y) / (2 * R) * n)
end

request = function()
  local px = minx + math.random() * (maxx - minx)
  local py = miny + math.random() * (maxy - miny)
  if kind == "getmap" then
    local z = math.random(7, 13)            -- from the region to a commune
    local tx, ty = tile_of(z, px, py)
    local size = 2 * R / 2 ^ z
    local x0 = -R + tx * size
    local y1 = R - ty * size
    return wrk.format("GET", string.format((mapserver and "/mapserv?MAP=communes&" or "/maps/wms?") ..
      "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communes&STYLES=&CRS=EPSG:3857&BBOX=%.2f,%.2f,%.2f,%.2f&WIDTH=256&HEIGHT=256&FORMAT=image/png",
      x0, y1 - size, x0 + size, y1))
  elseif kind == "tiles" or kind == "cached" then
    -- "cached": z6–z10 only (about 350 tiles), so that after a warm-up pass every tile comes from the cache
    local z = kind == "tiles" and math.random(6, 14) or math.random(6, 10)
    local tx, ty = tile_of(z, px, py)
    if mapserver then
      return wrk.format("GET", string.format(
        "/mapserv?MAP=communes&MODE=tile&TILEMODE=gmap&TILE=%d+%d+%d&LAYERS=communes&MAP.IMAGETYPE=mvt", tx, ty, z))
    end
    return wrk.format("GET", string.format("/maps/tiles/communes/%d/%d/%d.mvt", z, tx, ty))
  elseif kind == "features" then
    return wrk.format("GET", string.format((mapserver and "/mapserv/communes/ogcapi" or "/maps/ogcapi") ..
      "/collections/communes/items?f=json&limit=100&offset=%d", 100 * math.random(0, 51)))
  else
    return wrk.format("GET", "/maps/wms?SERVICE=WMS&REQUEST=GetCapabilities")
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %s requests=%d errors=%d rps=%.0f p50_ms=%.1f p99_ms=%.1f\n", kind,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
