package deploy

import (
	"errors"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
)

// root is the repository root, where netlify.toml lives.
const root = "../.."

// config loads the repository's netlify.toml.
func config(t *testing.T) *Config {
	t.Helper()
	c, err := Load(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// settings are the build settings of netlify.toml, which Load checks but
// only the tests read.
type settings struct {
	Build   build            `toml:"build"`
	Context map[string]build `toml:"context"`
}

// buildSettings reads the repository's build settings.
func buildSettings(t *testing.T) settings {
	t.Helper()
	var c settings
	if _, err := toml.DecodeFile(root+"/"+File, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// command returns the build command of a deploy context, falling back to
// [build] when the context does not override it, as Netlify does.
func command(c settings, context string) string {
	if b, ok := c.Context[context]; ok && b.Command != "" {
		return b.Command
	}
	return c.Build.Command
}

// goVersion returns the version on go.mod's go line.
func goVersion(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(root + "/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)\s*$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	return string(m[1])
}

func TestBuildSettings(t *testing.T) {
	c := buildSettings(t)
	if c.Build.Publish != "public" {
		t.Errorf("publish = %q, want public", c.Build.Publish)
	}
	if got, want := c.Build.Environment["GO_VERSION"], goVersion(t); got != want {
		t.Errorf("GO_VERSION = %q, want %q as in go.mod", got, want)
	}
	// Netlify runs the command through a shell, which expands the
	// address of the deploy: each context must pass its own.
	prod := command(c, "production")
	if want := `go run ./cmd/sitegen build -demos=frozen -base-url "$URL"`; prod != want {
		t.Errorf("production command = %q, want %q", prod, want)
	}
	for _, ctx := range []string{"deploy-preview", "branch-deploy"} {
		t.Run(ctx, func(t *testing.T) {
			want := strings.Replace(prod, `"$URL"`, `"$DEPLOY_PRIME_URL"`, 1)
			if got := command(c, ctx); got != want {
				t.Errorf("command = %q, want %q", got, want)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	c := config(t)
	for _, path := range []string{"/", "/threads/", "/404.html", "/style.b43b4657.css", "/robots.txt"} {
		t.Run(path, func(t *testing.T) {
			h := c.Headers(path)
			csp := h.Values("Content-Security-Policy")
			if len(csp) != 1 {
				t.Fatalf("%d Content-Security-Policy headers, want 1", len(csp))
			}
			if strings.Contains(csp[0], "unsafe-") {
				t.Errorf("Content-Security-Policy allows unsafe sources: %s", csp[0])
			}
			directives := map[string]string{}
			for _, d := range strings.Split(csp[0], ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
				directives[name] = value
			}
			for name, want := range map[string]string{
				"default-src": "'self'", "img-src": "'self' data:", "style-src": "'self'",
				"script-src": "'self'", "connect-src": "'self'", "object-src": "'none'",
				"base-uri": "'self'", "frame-ancestors": "'none'", "form-action": "'self'",
			} {
				if directives[name] != want {
					t.Errorf("%s = %q, want %q", name, directives[name], want)
				}
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			for _, name := range []string{"Referrer-Policy", "Permissions-Policy"} {
				if h.Get(name) == "" {
					t.Errorf("no %s header", name)
				}
			}
		})
	}
}

// netlifyDefault is the Cache-Control Netlify sends with a file no rule
// gives one.
const netlifyDefault = "public, max-age=0, must-revalidate"

func TestCacheHeaders(t *testing.T) {
	c := config(t)
	tests := []struct{ path, want string }{
		{"/", "max-age=0"},
		{"/threads/", "max-age=0"},
		{"/404.html", "max-age=0"},
		{"/index.html", "max-age=0"},
		{"/threads/index.html", "max-age=0"},
		{"/demos/cpu/", "max-age=0"},
		{"/style.b43b4657.css", "immutable"},
		{"/copy.js", "max-age=3600"},
		{"/search.js", "max-age=3600"},
		{"/search-entry.json", "max-age=0"},
		{"/search-index.0a1b2c3d.json", "immutable"},
		{"/favicon.svg", "max-age=3600"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			cc := c.Headers(tt.path).Values("Cache-Control")
			if len(cc) == 0 {
				cc = []string{netlifyDefault}
			}
			if len(cc) != 1 || !strings.Contains(cc[0], tt.want) {
				t.Errorf("Cache-Control = %q, want one value with %q", cc, tt.want)
			}
		})
	}
}

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/threads/", true},
		{"/*", "/a/b.css", true},
		{"/css/*", "/css/site.3f2a.css", true},
		{"/css/*", "/css", true},
		{"/css/*", "/css/a/b.css", true},
		// Netlify's parser makes the slash before a lone "*" optional,
		// so this matches too.
		{"/css/*", "/cssx/a.css", true},
		{"/css/*", "/js/a.js", false},
		{"/style.*", "/style.1234.css", true},
		{"/style.*", "/assets/style.css", false},
		{"/style.*", "/stylexcss", false},
		{"/:slug/", "/threads/", true},
		{"/:slug/", "/threads", true},
		{"/:slug/", "/a/b/", false},
		{"/:slug/", "/", false},
		{"/threads/", "/THREADS/", true},
		{"/threads/", "/threads", true},
		{"/threads/", "/threads/index.html", false},
		{"/", "/", true},
		{"/", "/a", false},
		{"/a.b", "/axb", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			if got := pattern(tt.pattern).MatchString(tt.path); got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHeaderValues(t *testing.T) {
	const file = `
[[headers]]
  for = "/*"
  [headers.values]
    X-Content-Type-Options = "nosniff"
    content-security-policy = '''
      default-src 'self';
      img-src 'self' data:;
      object-src 'none'
    '''
    Cache-Control = '''
      public,
      max-age=0,
      must-revalidate'''
    Content-Length = "1"

[[headers]]
  for = "/css/*"
  [headers.values]
    X-Asset = ["a", "b  c"]
    Cache-Control = "public,max-age=31536000 ,  immutable"
`
	c, err := Load(fstest.MapFS{File: {Data: []byte(file)}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want map[string][]string // nil: absent
	}{
		{"/", map[string][]string{
			"X-Content-Type-Options":  {"nosniff"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:; object-src 'none'"},
			"Cache-Control":           {"public, max-age=0, must-revalidate"},
			"X-Asset":                 nil,
			"Content-Length":          nil,
		}},
		// Both rules match: each sends its Cache-Control, as on Netlify.
		{"/css/site.css", map[string][]string{
			"X-Asset":       {"a, b c"},
			"Cache-Control": {"public, max-age=0, must-revalidate", "public, max-age=31536000, immutable"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h := c.Headers(tt.path)
			for name, want := range tt.want {
				if got := h.Values(name); !slices.Equal(got, want) {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"syntax", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = \n", "netlify.toml:4: "},
		{"unknown key", "[build]\npublsh = \"public\"\n", "unknown key build.publsh"},
		{"missing for", "[[headers]]\n[headers.values]\nX = \"y\"\n", `netlify.toml: [[headers]] number 1: missing "for"`},
		{"relative path", "[[headers]]\nfor = \"*.css\"\n", `"*.css": the path must start with /`},
		{"text after a star", "[[headers]]\nfor = \"/*.css\"\n", `"/*.css": Netlify ignores what follows *`},
		{"number value", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = 3\n", "header X: the value must be a string"},
		{"list of numbers", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = [1]\n", "header X: the value must be a string"},
		{"same name twice", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-A = \"1\"\nx-a = \"2\"\n", "header X-A set twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{File: {Data: []byte(tt.toml)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load without %s: %v, want an error wrapping fs.ErrNotExist", File, err)
	}
}
