package adr_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
)

// Append returns the number a record took. A record whose ID names a number
// ("ADR-0007") takes that number, so its file, heading and ID agree; one
// without takes the next number, as adr-tools gives it.
func ExampleLog_Append() {
	dir, err := os.MkdirTemp("", "adr-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	l, err := adr.OpenLog(filepath.Join(dir, "doc", "adr"), adr.Nygard)
	if err != nil {
		fmt.Println(err)
		return
	}
	l.Now = func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }
	for _, r := range []*adr.Record{
		{Title: "Primary database", ID: "ADR-0007"},
		{Title: "Cache reads"},
	} {
		e, err := l.Append(r)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(e.Number, e.File)
	}
	_, err = l.Append(&adr.Record{Title: "Another database", ID: "ADR-0007"})
	fmt.Println(err != nil)
	// Output:
	// 7 0007-primary-database.md
	// 8 0008-cache-reads.md
	// true
}

// A log4brains folder names its records by date, from the log's clock.
func ExampleLog_Append_log4brains() {
	dir, err := os.MkdirTemp("", "adr-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	l, err := adr.OpenLog(filepath.Join(dir, "docs", "adr"), adr.Log4brains)
	if err != nil {
		fmt.Println(err)
		return
	}
	l.Now = func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }
	e, err := l.Append(&adr.Record{Title: "Use Lunr for search", Status: "accepted"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Number, e.File)
	if err := l.WriteTOC(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 20260301 20260301-use-lunr-for-search.md
	// # Architecture Decision Records
	//
	// * [Use Lunr for search](20260301-use-lunr-for-search.md)
}
