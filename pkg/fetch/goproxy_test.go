package fetch

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseGOPROXY(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []ProxyEntry
		err  string
	}{
		{in: "https://proxy.golang.org,direct", want: []ProxyEntry{{URL: "https://proxy.golang.org"}, {URL: "direct"}}},
		{in: "https://a.example|https://b.example,off", want: []ProxyEntry{{URL: "https://a.example", FallBack: true}, {URL: "https://b.example"}, {URL: "off"}}},
		{in: "goproxy.cn", want: []ProxyEntry{{URL: "https://goproxy.cn"}}},
		{in: "corp.example/go/", want: []ProxyEntry{{URL: "https://corp.example/go"}}},
		{in: " , https://a.example ,, ", want: []ProxyEntry{{URL: "https://a.example"}}},
		{in: "direct,https://ignored.example", want: []ProxyEntry{{URL: "direct"}}},
		{in: "off|direct", want: []ProxyEntry{{URL: "off"}}},
		{in: "file:///srv/goproxy", want: []ProxyEntry{{URL: "file:///srv/goproxy"}}},
		{in: "http://127.0.0.1:3000|direct", want: []ProxyEntry{{URL: "http://127.0.0.1:3000", FallBack: true}, {URL: "direct"}}},
		{in: ",", err: "the list has no entries"},
		{in: " ", err: "the list has no entries"},
		{in: "/srv/goproxy", err: `proxy URL "/srv/goproxy" has no scheme`},
		{in: "ftp://a.example", err: `has scheme "ftp"`},
		{in: "file://host/srv", err: "has more than a path"},
		{in: "https://", err: "has no host"},
		{in: "noproxy", err: "has no scheme"},
	} {
		got, err := ParseGOPROXY(tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseGOPROXY(%q) = %v, %v, want error containing %q", tt.in, got, err, tt.err)
			}
		case err != nil:
			t.Errorf("ParseGOPROXY(%q): %v", tt.in, err)
		case !reflect.DeepEqual(got, tt.want):
			t.Errorf("ParseGOPROXY(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestTryProxies(t *testing.T) {
	notFound := &HTTPError{URL: "u", Status: 404}
	gone := &HTTPError{URL: "u", Status: 410}
	forbidden := &HTTPError{URL: "u", Status: 403}
	netErr := errors.New("connection refused")
	diskFull := &localError{errors.New("no space left on device")}
	for _, tt := range []struct {
		goproxy string
		answers map[string]error // by proxy URL; missing: success
		tried   string
		err     error
	}{
		{"https://a,https://b", nil, "a", nil},
		{"https://a,https://b", map[string]error{"https://a": notFound}, "a b", nil},
		{"https://a,https://b", map[string]error{"https://a": gone}, "a b", nil},
		{"https://a,https://b", map[string]error{"https://a": forbidden}, "a", forbidden},
		{"https://a,https://b", map[string]error{"https://a": netErr}, "a", netErr},
		{"https://a|https://b", map[string]error{"https://a": forbidden}, "a b", nil},
		{"https://a|https://b", map[string]error{"https://a": netErr}, "a b", nil},
		{"https://a|https://b", map[string]error{"https://a": netErr, "https://b": notFound}, "a b", netErr},
		{"https://a,https://b", map[string]error{"https://a": notFound, "https://b": gone}, "a b", gone},
		{"https://a,direct", map[string]error{"https://a": forbidden}, "a", forbidden},
		{"https://a|direct", map[string]error{"https://a": forbidden, "direct": notFound}, "a direct", notFound},
		{"https://a,off", map[string]error{"https://a": notFound, "off": errProxyOff}, "a off", errProxyOff},
		{"https://a|https://b", map[string]error{"https://a": diskFull}, "a", diskFull},
	} {
		list, err := ParseGOPROXY(tt.goproxy)
		if err != nil {
			t.Fatal(err)
		}
		var tried []string
		err = tryProxies(list, func(e ProxyEntry) error {
			tried = append(tried, strings.TrimPrefix(e.URL, "https://"))
			return tt.answers[e.URL]
		})
		if got := strings.Join(tried, " "); got != tt.tried || err != tt.err {
			t.Errorf("tryProxies(%q, %v) tried %q, returned %v; want %q, %v", tt.goproxy, tt.answers, got, err, tt.tried, tt.err)
		}
	}
}

func TestIsNotFound(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&HTTPError{Status: 404}, true},
		{&HTTPError{Status: 410}, true},
		{fmt.Errorf("wrapped: %w", &HTTPError{Status: 404}), true},
		{&HTTPError{Status: 403}, false},
		{&HTTPError{Status: 500}, false},
		{errProxyOff, true},
		{errors.New("timeout"), false},
	} {
		if got := isNotFound(tt.err); got != tt.want {
			t.Errorf("isNotFound(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
