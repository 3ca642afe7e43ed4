package main

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/gin-gonic/gin"
	_ "github.com/ikawaha/kagome-dict/ipa"
	_ "github.com/ikawaha/kagome/v2/tokenizer"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/yuin/goldmark"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/text/encoding/japanese"
)
