package console

import (
	"testing"
	"time"
)

func TestWaitText(t *testing.T) {
	tests := map[time.Duration]string{
		300 * time.Millisecond:      "1 giây",
		2 * time.Second:             "2 giây",
		29500 * time.Millisecond:    "30 giây",
		119 * time.Second:           "119 giây",
		5 * time.Minute:             "5 phút",
		4*time.Minute + time.Second: "5 phút",
	}
	for d, want := range tests {
		if got := WaitText(d); got != want {
			t.Errorf("WaitText(%v) = %q, want %q", d, got, want)
		}
	}
}
