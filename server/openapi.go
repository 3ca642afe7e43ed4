package server

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// The OpenAPI 3 description of the JSON API, served at /api/openapi.json.
// The operations are written here, beside the routes; the schemas of the
// bodies are read from the Go types the handlers answer with, so that
// they cannot drift from the JSON. A test checks that every /api route is
// described and validates real answers against the description.

// apiOp describes one operation of the API.
type apiOp struct {
	route   string // a route name of route.go
	method  string
	summary string
	params  []apiParam
	body    any // a value of the type of the 200 answer
	admin   bool
}

// apiParam is a query or path parameter.
type apiParam struct {
	name, in, typ, desc string
	required            bool
	enum                []string
}

var (
	pQ       = apiParam{name: "q", in: "query", typ: "string", desc: "the query: words (accents optional), \"a phrase\", -word to exclude, a OR b"}
	pLang    = apiParam{name: "lang", in: "query", typ: "string", desc: "only this language; given several times, any of them", enum: []string{"vi", "ja", "en"}}
	pTag     = apiParam{name: "tag", in: "query", typ: "string", desc: "only posts with this tag"}
	pTopic   = apiParam{name: "topic", in: "query", typ: "string", desc: "only this topic, a slug of /api/topics; an unknown one is a 400"}
	pYear    = apiParam{name: "year", in: "query", typ: "string", desc: "only this year; undated for the hits without a date"}
	pType    = apiParam{name: "type", in: "query", typ: "string", desc: "only posts or only talks", enum: []string{"post", "talk"}}
	pSpeaker = apiParam{name: "speaker", in: "query", typ: "string", desc: "only talks by this speaker (a slug)"}
	pEvent   = apiParam{name: "event", in: "query", typ: "string", desc: "only this event (a slug)"}
	pSort    = apiParam{name: "sort", in: "query", typ: "string", desc: "order of the hits", enum: []string{"relevance", "date"}}
	pPage    = apiParam{name: "page", in: "query", typ: "integer", desc: "result page, from 1"}
	pSize    = apiParam{name: "size", in: "query", typ: "integer", desc: "hits per page, 1 to 100"}
	pSlug    = apiParam{name: "slug", in: "path", typ: "string", desc: "the slug", required: true}
	pID      = apiParam{name: "id", in: "path", typ: "string", desc: "the talk's id", required: true}

	searchParams = []apiParam{pQ, pLang, pTag, pTopic, pYear, pType, pSpeaker, pEvent, pSort, pPage, pSize}
)

// apiOps are the operations of the API, one per route and method.
var apiOps = []apiOp{
	{route: routeAPISearch, method: "get", summary: "Search posts and talks", params: searchParams, body: SearchResponse{}},
	{route: routeAPIPost, method: "get", summary: "A post, with its talks, event and rendered HTML", params: []apiParam{pSlug}, body: PostResponse{}},
	{route: routeAPITalks, method: "get", summary: "Search talks", params: []apiParam{pQ, pLang, pTag, pTopic, pYear, pSpeaker, pEvent, pSort, pPage, pSize}, body: TalksResponse{}},
	{route: routeAPITalk, method: "get", summary: "A talk", params: []apiParam{pID}, body: TalkJSON{}},
	{route: routeAPISpeakers, method: "get", summary: "Every speaker, the most talks first", params: []apiParam{pPage, pSize}, body: SpeakersResponse{}},
	{route: routeAPISpeaker, method: "get", summary: "A speaker and their talks, newest first", params: []apiParam{pSlug}, body: SpeakerResponse{}},
	{route: routeAPIEvents, method: "get", summary: "Every event, the most recaps first", params: []apiParam{pPage, pSize}, body: EventsResponse{}},
	{route: routeAPIEvent, method: "get", summary: "An event, its recaps and talks", params: []apiParam{pSlug}, body: EventResponse{}},
	{route: routeAPITopics, method: "get", summary: "Every topic with its counts", params: []apiParam{{name: "lang", in: "query", typ: "string", desc: "language of the labels", enum: []string{"vi", "ja", "en"}}}, body: TopicsResponse{}},
	{route: routeAPITopic, method: "get", summary: "A topic and what is on it, newest first", params: []apiParam{pSlug, pLang, pYear, pType, pSort, pPage, pSize}, body: TopicResponse{}},
	{route: routeAPIOpenAPI, method: "get", summary: "This description", body: map[string]any{}},
	{route: routeAPIReindex, method: "post", summary: "Start a re-index run (admin, bearer token)", body: reindexStarted{}, admin: true},
	{route: routeAPIReindex, method: "get", summary: "The running or last re-index run (admin, bearer token)", body: RunStatus{}, admin: true},
}

// openAPIPath turns a gin pattern into an OpenAPI path: :slug → {slug}.
func openAPIPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			segs[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(segs, "/")
}

// openAPIDoc builds the description.
func openAPIDoc() map[string]any {
	schemas := map[string]any{}
	errRef := schemaOf(reflect.TypeOf(apiError{}), schemas)
	paths := map[string]any{}
	for _, op := range apiOps {
		p := openAPIPath(pattern(op.route))
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		var params []any
		for _, pa := range op.params {
			sch := map[string]any{"type": pa.typ}
			if pa.enum != nil {
				sch["enum"] = pa.enum
			}
			params = append(params, map[string]any{"name": pa.name, "in": pa.in, "required": pa.required, "description": pa.desc, "schema": sch})
		}
		errResp := map[string]any{"description": "an error", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		o := map[string]any{
			"summary":     op.summary,
			"operationId": strings.ReplaceAll(op.route, "-", "_") + "_" + op.method,
			"responses": map[string]any{
				"200":     map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(op.body), schemas)}}},
				"default": errResp,
			},
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.admin {
			o["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		item[op.method] = o
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "recap",
			"version":     "1",
			"description": "Search over tech-meetup recaps in Vietnamese, Japanese and English. Errors are {\"error\":{\"code\",\"message\"}}.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf returns the JSON schema of t as encoding/json writes it: a
// $ref to components for a named struct, which it adds to schemas.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	if t.Kind() == reflect.Pointer {
		return schemaOf(t.Elem(), schemas)
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return map[string]any{"type": "object"}
		}
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Struct:
		name := t.Name()
		if name == "" {
			return structSchema(t, schemas)
		}
		if _, ok := schemas[name]; !ok {
			schemas[name] = map[string]any{} // a placeholder stops a cycle
			schemas[name] = structSchema(t, schemas)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if f.Anonymous && tag == "" {
				walk(f.Type)
				continue
			}
			if !f.IsExported() || tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(f.Type, schemas)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if required != nil {
		s["required"] = required
	}
	return s
}

var openAPIJSON = sync.OnceValues(func() ([]byte, error) { return json.MarshalIndent(openAPIDoc(), "", "  ") })

func (s *Server) openAPI(c *gin.Context) {
	b, err := openAPIJSON()
	if err != nil {
		s.apiError(c, s.classify(c, err))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}
