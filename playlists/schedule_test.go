package playlists

import (
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	at := func(s string) time.Time { // 2026-11-25 is a Wednesday
		tt, _ := time.ParseInLocation("2006-01-02 15:04", s, hcm)
		return tt
	}
	m := testManifest()
	m.TimeZone = "Asia/Ho_Chi_Minh"
	m.Schedule = []Slot{
		{Playlist: CongressSuccessSlug, Start: "06:00", End: "08:00"},
		{Playlist: CongressSuccessSlug, Start: "22:00", End: "02:00", Days: []time.Weekday{time.Wednesday}},
		{Playlist: CongressSuccessSlug, Start: "12:00", End: "13:00", Group: "hoi-truong"},
		{Playlist: CongressSuccessSlug, Start: "15:00", End: "16:00", Board: 2},
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"morning session", at("2026-11-25 07:59"), CongressSuccessSlug},
		{"after the session", at("2026-11-25 08:00"), DefaultSlug},
		{"Wednesday night", at("2026-11-25 23:00"), CongressSuccessSlug},
		{"past midnight belongs to Wednesday", at("2026-11-26 01:30"), CongressSuccessSlug},
		{"Thursday night is not Wednesday's", at("2026-11-26 23:00"), DefaultSlug},
		{"other group's slot", at("2026-11-25 12:30"), DefaultSlug},
		{"other board's slot", at("2026-11-25 15:30"), DefaultSlug},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Active(tc.at); got == nil || got.Slug != tc.want {
				t.Fatalf("Active = %v, want %s", got, tc.want)
			}
		})
	}
	m.Override = &Override{Playlist: DefaultSlug, Since: at("2026-11-25 07:00")}
	if got := m.Active(at("2026-11-25 07:30")); got.Slug != DefaultSlug {
		t.Fatalf("override must win over the schedule, got %s", got.Slug)
	}
}

func TestSlotValidate(t *testing.T) {
	bad := []Slot{
		{Playlist: "Mặc định", Start: "06:00", End: "08:00"},
		{Playlist: DefaultSlug, Start: "6h", End: "08:00"},
		{Playlist: DefaultSlug, Start: "06:00", End: "06:00"},
		{Playlist: DefaultSlug, Start: "06:00", End: "08:00", Days: []time.Weekday{7}},
	}
	for _, s := range bad {
		if s.Validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// TestResolve is the rule for overlapping slots, case by case, in the
// controller's zone: priority, then the narrower date range, then the
// narrower target, then the order of the list.
func TestResolve(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tt, err := time.ParseInLocation("2006-01-02 15:04", s, hcm)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	everyDay := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	// The plan of a commune: before the congress (1–14/12) playlist A all
	// day; during (15–17/12) B in two sessions; after (from 18/12) C.
	before := Slot{Playlist: "a", Start: "00:00", End: "23:59", Days: everyDay, From: "2026-12-01", To: "2026-12-14"}
	morning := Slot{Playlist: "b", Start: "07:00", End: "11:30", Days: everyDay, From: "2026-12-15", To: "2026-12-17"}
	afternoon := Slot{Playlist: "b", Start: "13:30", End: "17:00", Days: everyDay, From: "2026-12-15", To: "2026-12-17"}
	after := Slot{Playlist: "c", Start: "00:00", End: "23:59", Days: everyDay, From: "2026-12-18"}
	plan := []Slot{before, morning, afternoon, after}
	hall := Target{Board: 7, Groups: []string{"hoi-truong", "tru-so"}}
	market := Target{Board: 8, Groups: []string{"cho"}}
	tests := []struct {
		name   string
		slots  []Slot
		target Target
		at     string
		want   int // index into slots, -1 none
	}{
		{"before the first day of a range", plan, hall, "2026-11-30 23:59", -1},
		{"first minute of the first day", plan, hall, "2026-12-01 00:00", 0},
		{"last day of a range, last minute", plan, hall, "2026-12-14 23:58", 0},
		{"day after the range", plan, hall, "2026-12-15 06:59", -1},
		{"congress morning session", plan, hall, "2026-12-15 07:00", 1},
		{"between the sessions", plan, hall, "2026-12-16 12:00", -1},
		{"afternoon session, last day", plan, hall, "2026-12-17 16:59", 2},
		{"session ended on the last day", plan, hall, "2026-12-17 17:00", -1},
		{"open-ended phase after", plan, hall, "2027-03-01 10:00", 3},
		{"zone: 00:30 local is 17:30 UTC the day before", plan, hall, "2026-12-01 00:30", 0},
		{"higher priority wins over a narrower range", []Slot{
			{Playlist: "a", Start: "07:00", End: "08:00", From: "2026-12-15", To: "2026-12-15"},
			{Playlist: "b", Start: "06:00", End: "09:00", Priority: 2},
		}, hall, "2026-12-15 07:30", 1},
		{"equal priority: the narrower range wins", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", From: "2026-12-01", To: "2026-12-31"},
			{Playlist: "b", Start: "06:00", End: "09:00", From: "2026-12-15", To: "2026-12-17"},
			{Playlist: "c", Start: "06:00", End: "09:00"},
		}, hall, "2026-12-16 07:30", 1},
		{"equal priority: a phase open at its end beats the standing plan", []Slot{
			{Playlist: "a", Start: "07:00", End: "11:00"},
			{Playlist: "b", Start: "07:00", End: "11:00", From: "2026-12-15"},
		}, hall, "2026-12-16 08:00", 1},
		{"equal priority: a closed phase beats one open at an end", []Slot{
			{Playlist: "a", Start: "07:00", End: "11:00", From: "2026-12-15"},
			{Playlist: "b", Start: "07:00", End: "11:00", From: "2026-12-01", To: "2026-12-31"},
		}, hall, "2026-12-16 08:00", 1},
		{"equal priority and range: one board beats a group beats all", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00"},
			{Playlist: "b", Start: "06:00", End: "09:00", Group: "tru-so"},
			{Playlist: "c", Start: "06:00", End: "09:00", Board: 7},
		}, hall, "2026-12-16 07:30", 2},
		{"a board in two groups: priority between its groups' slots", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", Group: "hoi-truong", Priority: 1},
			{Playlist: "b", Start: "06:00", End: "09:00", Group: "tru-so", Priority: 3},
		}, hall, "2026-12-16 07:30", 1},
		{"a board in two groups: full tie, the first listed", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", Group: "tru-so"},
			{Playlist: "b", Start: "06:00", End: "09:00", Group: "hoi-truong"},
		}, hall, "2026-12-16 07:30", 0},
		{"another group's slot does not reach", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", Group: "hoi-truong", Priority: 9},
			{Playlist: "b", Start: "06:00", End: "09:00"},
		}, market, "2026-12-16 07:30", 1},
		{"another board's slot does not reach", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", Board: 7},
		}, market, "2026-12-16 07:30", -1},
		{"across midnight: evening of the last day", []Slot{
			{Playlist: "a", Start: "22:00", End: "02:00", Overnight: true, From: "2026-12-15", To: "2026-12-17"},
		}, hall, "2026-12-17 23:00", 0},
		{"across midnight: morning after the last day belongs to it", []Slot{
			{Playlist: "a", Start: "22:00", End: "02:00", Overnight: true, From: "2026-12-15", To: "2026-12-17"},
		}, hall, "2026-12-18 01:59", 0},
		{"across midnight: morning of the first day started the day before", []Slot{
			{Playlist: "a", Start: "22:00", End: "02:00", Overnight: true, From: "2026-12-15", To: "2026-12-17"},
		}, hall, "2026-12-15 01:00", -1},
		{"across midnight: weekday is the starting day's", []Slot{
			{Playlist: "a", Start: "22:00", End: "02:00", Days: []time.Weekday{time.Tuesday}}, // 15/12/2026 is a Tuesday
		}, hall, "2026-12-16 01:00", 0},
		{"an unplayable playlist falls through to the next", []Slot{
			{Playlist: "empty", Start: "06:00", End: "09:00", Priority: 5},
			{Playlist: "b", Start: "06:00", End: "09:00"},
		}, hall, "2026-12-16 07:30", 1},
		{"an invalid slot is skipped", []Slot{
			{Playlist: "a", Start: "06:00", End: "09:00", From: "15/12/2026"},
		}, hall, "2026-12-16 07:30", -1},
	}
	playable := func(slug string) bool { return slug != "empty" }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Resolve(tc.slots, tc.target, at(tc.at), hcm, playable); got != tc.want {
				t.Fatalf("Resolve at %s = %d, want %d", tc.at, got, tc.want)
			}
		})
	}
}

func TestSlotValidateDatesAndTargets(t *testing.T) {
	ok := Slot{Playlist: DefaultSlug, Start: "06:00", End: "08:00", From: "2026-12-15", To: "2026-12-15", Priority: MaxPriority, Board: 3}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a one-day slot for one board: %v", err)
	}
	bad := map[string]Slot{
		"to before from":    {Playlist: DefaultSlug, Start: "06:00", End: "08:00", From: "2026-12-15", To: "2026-12-14"},
		"not a date":        {Playlist: DefaultSlug, Start: "06:00", End: "08:00", From: "2026-02-30"},
		"priority too high": {Playlist: DefaultSlug, Start: "06:00", End: "08:00", Priority: MaxPriority + 1},
		"negative priority": {Playlist: DefaultSlug, Start: "06:00", End: "08:00", Priority: -1},
		"group and board":   {Playlist: DefaultSlug, Start: "06:00", End: "08:00", Group: "cho", Board: 3},
	}
	for name, s := range bad {
		if s.Validate() == nil {
			t.Errorf("%s: %+v accepted", name, s)
		}
	}
}

func TestWholeDaySlot(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	day := Slot{Playlist: "a", Start: "00:00", End: "24:00", From: "2026-12-01", To: "2026-12-01"}
	if err := day.Validate(); err != nil {
		t.Fatal(err)
	}
	if day.Crosses() {
		t.Fatal("00:00–24:00 does not run past midnight")
	}
	for at, want := range map[string]int{
		"2026-11-30 23:59": -1, "2026-12-01 00:00": 0, "2026-12-01 23:59": 0, "2026-12-02 00:00": -1,
	} {
		tt, _ := time.ParseInLocation("2006-01-02 15:04", at, hcm)
		if got := Resolve([]Slot{day}, Target{}, tt, hcm, nil); got != want {
			t.Errorf("at %s: %d, want %d", at, got, want)
		}
	}
	if (Slot{Playlist: "a", Start: "24:00", End: "08:00"}).Validate() == nil {
		t.Error("a slot starting at 24:00 accepted")
	}
}

// A slot a unit made mandatory for the units below (Above) outranks
// every slot that is not, whatever their priority, dates or target; of
// two mandatory slots the wider unit's (higher Above) wins; Above out of
// its bounds makes the slot invalid, and so passed over.
func TestMandatorySlotsOutrankTheUnitsBelow(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	at := time.Date(2026, 12, 15, 9, 0, 0, 0, hcm)
	province := Slot{Playlist: "tinh", Start: "00:00", End: "24:00", Above: MaxLevels}
	commune := Slot{Playlist: "xa", Start: "08:00", End: "10:00", Above: MaxLevels - 1, Priority: MaxPriority}
	hamlet := Slot{Playlist: "thon", Start: "08:30", End: "09:30", From: "2026-12-15", To: "2026-12-15", Priority: MaxPriority, Board: 7}
	target := Target{Board: 7}
	cases := []struct {
		name  string
		slots []Slot
		want  string
	}{
		{"the hamlet's narrowest, highest slot loses to the commune's mandatory one", []Slot{hamlet, commune}, "xa"},
		{"the province's mandatory slot beats the commune's", []Slot{commune, hamlet, province}, "tinh"},
		{"a slot that is not mandatory is ranked as before", []Slot{{Playlist: "tinh", Start: "00:00", End: "24:00"}, hamlet}, "thon"},
		{"Above past its bound is invalid and passed over", []Slot{{Playlist: "sai", Start: "00:00", End: "24:00", Above: MaxLevels + 1}, hamlet}, "thon"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			i := Resolve(tc.slots, target, at, hcm, nil)
			if i < 0 || tc.slots[i].Playlist != tc.want {
				t.Fatalf("Resolve = %d, want %s", i, tc.want)
			}
		})
	}
}
