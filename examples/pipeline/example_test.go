package main

import (
	"log"
	"os"
)

// The whole pipeline: a decision file is evaluated, recorded as an ADR,
// exported as a workbook, and the ADR's provenance is recorded. The
// numbers are checked by hand in run's documentation.
func Example() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 1. rabbitmq  69.5 viable=true gates failed=[]
	// 1. nats      69.5 viable=false gates failed=[operability]
	// 3. kafka     68.0 viable=true gates failed=[]
	// recommended rabbitmq by 1.5 points, close call: true
	// | 1. Apache Kafka | 9 (3.6) | 7 (2.45) | 7 (0.75) | **68.0** | Yes |
	// workbook: 3 alternatives, 3 criteria
	// provenance problems: 0
}
