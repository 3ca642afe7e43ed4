package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestOpenAPICoversEveryRoute checks that every /api route of route.go is
// described, and nothing else.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	s := newTestServer(t)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	rec := get(t, s, "/api/openapi.json")
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %d %v", rec.Code, err)
	}
	want := map[string]bool{}
	for _, p := range patterns {
		if strings.HasPrefix(p, "/api/") {
			want[openAPIPath(p)] = true
			if _, ok := doc.Paths[openAPIPath(p)]; !ok {
				t.Errorf("route %s is not in the OpenAPI description", p)
			}
		}
	}
	for p := range doc.Paths {
		if !want[p] {
			t.Errorf("the description has %s, which no route serves", p)
		}
	}
}

// TestOpenAPIValidatesResponses asks every GET operation of the
// description with real arguments and checks the answer against the
// schema it declares.
func TestOpenAPIValidatesResponses(t *testing.T) {
	s := newTestServer(t)
	var doc map[string]any
	if err := json.Unmarshal(get(t, s, "/api/openapi.json").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	args := map[string]string{
		"/api/posts/{slug}":    "/api/posts/en-2019-04-25-kmt18",
		"/api/talks/{id}":      "/api/talks/en-2019-04-25-kmt18-t1",
		"/api/speakers/{slug}": "/api/speakers/masaya-aoyama",
		"/api/events/{slug}":   "/api/events/kubernetes-meetup-tokyo-18",
		"/api/topics/{slug}":   "/api/topics/kubernetes",
		"/api/search":          "/api/search?q=kubernetes",
		"/api/talks":           "/api/talks?q=kubernetes",
	}
	for p, item := range doc["paths"].(map[string]any) {
		op, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok || op["security"] != nil {
			continue // the admin API is off in tests
		}
		t.Run(p, func(t *testing.T) {
			target := p
			if a, ok := args[p]; ok {
				target = a
			}
			if strings.Contains(target, "{") {
				t.Fatalf("no example arguments for %s", p)
			}
			rec := get(t, s, target)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
			}
			var body any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			for _, e := range validate(body, schema, schemas, "$") {
				t.Error(e)
			}
			errSchema := op["responses"].(map[string]any)["default"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			var errBody any
			json.Unmarshal(get(t, s, "/api/search?q=x&size=0").Body.Bytes(), &errBody)
			for _, e := range validate(errBody, errSchema, schemas, "error") {
				t.Error(e)
			}
		})
	}
}

// validate checks v against the subset of JSON schema that openAPIDoc
// writes: $ref, type, properties, required, items, additionalProperties.
func validate(v any, schema, schemas map[string]any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return validate(v, schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any), schemas, at)
	}
	var errs []string
	typ, _ := schema["type"].(string)
	ok := true
	switch typ {
	case "object":
		m, isMap := v.(map[string]any)
		if ok = isMap; !ok {
			break
		}
		props, _ := schema["properties"].(map[string]any)
		if req, _ := schema["required"].([]any); req != nil {
			for _, r := range req {
				if _, has := m[r.(string)]; !has {
					errs = append(errs, fmt.Sprintf("%s: lacks required %s", at, r))
				}
			}
		}
		for k, val := range m {
			if ps, has := props[k]; has {
				errs = append(errs, validate(val, ps.(map[string]any), schemas, at+"."+k)...)
			} else if ap, has := schema["additionalProperties"].(map[string]any); has {
				errs = append(errs, validate(val, ap, schemas, at+"."+k)...)
			} else if props != nil {
				errs = append(errs, fmt.Sprintf("%s: %s is not in the schema", at, k))
			}
		}
	case "array":
		a, isArr := v.([]any)
		if ok = isArr; ok {
			for i, e := range a {
				errs = append(errs, validate(e, schema["items"].(map[string]any), schemas, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		_, ok = v.(string)
	case "integer":
		f, isNum := v.(float64)
		ok = isNum && f == float64(int64(f))
	case "number":
		_, ok = v.(float64)
	case "boolean":
		_, ok = v.(bool)
	}
	if !ok {
		errs = append(errs, fmt.Sprintf("%s: %v is not of type %s", at, v, typ))
	}
	return errs
}
