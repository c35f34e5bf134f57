// Package livetest holds the contract suite: acceptance tests that use only the
// provider and the public Triton API, so they run against any Triton API (the real
// one or a separately started emulator). They are built only with the `live` build
// tag and run by `make testacc-live`; see README.md, "Testing against the real API".
package livetest
