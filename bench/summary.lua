-- SPDX-License-Identifier: MIT
--
-- summary.lua - wrk's figures for bench/run, as one line of name=value
-- pairs it can read without parsing wrk's human report:
--
--   BENCH requests=N bytes=B duration_us=D connect=C read=R write=W
--         status=S timeout=T
--
-- (on one line); status counts the answers that were not 2xx or 3xx
-- (all of them, for the 404 workload).

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("BENCH requests=%d bytes=%d duration_us=%d " ..
	    "connect=%d read=%d write=%d status=%d timeout=%d\n",
	    summary.requests, summary.bytes, summary.duration,
	    e.connect, e.read, e.write, e.status, e.timeout))
end
