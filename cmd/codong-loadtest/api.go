package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Timing of the operator's requests.
const (
	requestTimeout = time.Minute
	// A read the harness needs for itself (not one it measures) is tried
	// again when a loaded controller fails it.
	retryAttempts = 3
	retryWait     = 500 * time.Millisecond
	// fleetPoll is how often GET /api/v1/fleet is asked while waiting for
	// a change to reach every board, as the dashboard's headline would.
	fleetPoll = 5 * time.Millisecond
)

// api is the operator: it calls the controller's REST API with the admin
// token and counts every answer, so a refused request never goes unseen.
type api struct {
	base   string
	token  string
	client *http.Client
	mu     sync.Mutex
	counts map[requestKey]int
}

// requestKey groups answers by route (numeric ids folded) and status;
// status 0 is a request that got no answer.
type requestKey struct {
	Method, Route string
	Status        int
}

func newAPI(base, token string) *api {
	tr := &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second}
	return &api{base: base, token: token, client: &http.Client{Transport: tr, Timeout: requestTimeout}, counts: make(map[requestKey]int)}
}

// apiError is an answer other than 2xx, with the controller's code and
// message.
type apiError struct {
	Method, Path string
	Status       int
	Code         string `json:"code"`
	Message      string `json:"message"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: controller trả về %d %s: %s", e.Method, e.Path, e.Status, e.Code, e.Message)
}

// call sends one request (body as JSON if not nil) and decodes a JSON
// answer into out (if not nil; *[]byte takes the raw body).
func (a *api) call(ctx context.Context, method, path string, body, out any) (int, error) {
	return a.callAs(ctx, a.token, method, path, body, out)
}

// callAs is call with another person's token: the second person who
// approves a draft.
func (a *api) callAs(ctx context.Context, token, method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			a.count(method, path, 0)
		}
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	a.count(method, path, resp.StatusCode)
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		e := &apiError{Method: method, Path: path, Status: resp.StatusCode}
		json.Unmarshal(data, e)
		return resp.StatusCode, e
	}
	switch o := out.(type) {
	case nil:
	case *[]byte:
		*o = data
	default:
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: câu trả lời không đọc được: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// get is call for a read the harness needs to go on, tried again after
// a failure of the controller (5xx or no answer); every attempt is
// counted.
func (a *api) get(ctx context.Context, path string, out any) error {
	var err error
	for range retryAttempts {
		var status int
		if status, err = a.call(ctx, http.MethodGet, path, nil, out); !retryable(status, err) {
			return err
		}
		sleep(ctx, retryWait)
	}
	return err
}

// retryable is a failure of the controller rather than of the request.
func retryable(status int, err error) bool {
	return err != nil && (status == 0 || status >= 500)
}

func (a *api) count(method, path string, status int) {
	k := requestKey{Method: method, Route: route(path), Status: status}
	a.mu.Lock()
	a.counts[k]++
	a.mu.Unlock()
}

// route folds numeric path segments and drops the query, so the report
// lists “DELETE /api/v1/boards/{id}” once, not once a board.
func route(path string) string {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// fleetSummary is GET /api/v1/fleet: counts over every board of the
// controller, the harness's and any other.
type fleetSummary struct {
	Published int64 `json:"published_revision"`
	Boards    int   `json:"boards"`
	Online    int   `json:"online"`
	UpToDate  int   `json:"up_to_date"`
}

func (a *api) fleet(ctx context.Context) (fleetSummary, error) {
	var f fleetSummary
	_, err := a.call(ctx, http.MethodGet, "/api/v1/fleet", nil, &f)
	return f, err
}

// fleetNow is the fleet summary for a baseline, tried again on failure.
func (a *api) fleetNow(ctx context.Context) (fleetSummary, error) {
	var f fleetSummary
	err := a.get(ctx, "/api/v1/fleet", &f)
	return f, err
}
