package textrule

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"vietnamese", "Kỹ sư", "Ky su"},
		{"đ", "đường", "duong"},
		{"Đ keeps its case", "Đà Nẵng", "Da Nang"},
		{"horn and breve", "ươ ă ơ", "uo a o"},
		{"both tone placements", "hoà hòa", "hoa hoa"},
		{"NFD input", "nghie\u0302\u0300ng", "nghieng"},
		{"western", "café Müller", "cafe Muller"},
		{"letters without decomposition", "Søren Łódź Straße ẞ", "Soren Lodz Strasse SS"},
		{"kana voicing kept", "ガイド", "ガイド"},
		{"NFD kana composed", "カ\u3099イト\u3099", "ガイド"},
		{"kanji", "負荷分散", "負荷分散"},
		{"hangul", "한국어", "한국어"},
		{"compatibility ideograph", "\uF900", "\u8C48"},
		{"extension B ideograph", "𠀋", "𠀋"},
		{"fullwidth is not width-folded", "ＡＢＣ", "ＡＢＣ"},
		{"greek", "άλφα", "αλφα"},
		{"plain", "plain", "plain"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := string(FoldBytes([]byte(tt.in))); got != tt.want {
				t.Errorf("FoldBytes(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldBytesKeepsTerm(t *testing.T) {
	for _, s := range []string{"kubernetes", "負荷", "ガイド", "한국"} {
		term := []byte(s)
		if got := FoldBytes(term); &got[0] != &term[0] {
			t.Errorf("FoldBytes(%q) copied a term that folding keeps", s)
		}
	}
}

func TestFoldAllocations(t *testing.T) {
	term := []byte("nghiêng")
	if n := testing.AllocsPerRun(100, func() { FoldBytes(term) }); n > 1 {
		t.Errorf("FoldBytes(%q) allocates %v times, want at most 1", term, n)
	}
	cjk := []byte("負荷")
	if n := testing.AllocsPerRun(100, func() { FoldBytes(cjk) }); n > 0 {
		t.Errorf("FoldBytes(%q) allocates %v times, want 0", cjk, n)
	}
}

// oldFold is search.Fold as it was before the rule moved here: the fast
// path of Fold must agree with the slow one, and both with it wherever the
// union with the slug rule (ø ł ß, the other diacritic blocks) does not
// apply.
func oldFold(s string) string {
	var out []byte
	var it norm.Iter
	it.InitString(norm.NFD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case r >= 0x300 && r <= 0x36F:
			case r == 'đ', r == 'Đ':
				out = append(out, 'd')
			default:
				out = utf8.AppendRune(out, r)
			}
		}
	}
	return norm.NFC.String(string(out))
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Kỹ sư", "hòa", "ガイド", "カ\u3099", "\uF900", "Straße", "a\u0301\u0323", "ｶﾞ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		s = norm.NFC.String(s)
		got := Fold(s)
		if b := string(FoldBytes([]byte(s))); b != got {
			t.Fatalf("FoldBytes(%q) = %q, Fold = %q", s, b, got)
		}
		if !foldKeeps(s) != !foldKeepsBytes([]byte(s)) {
			t.Fatalf("foldKeeps(%q) and foldKeepsBytes disagree", s)
		}
		if slow := foldString(s); slow != got {
			t.Fatalf("Fold(%q) = %q, without the fast path %q", s, got, slow)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Fold(%q) = %q is not NFC", s, got)
		}
		if Fold(got) != got {
			t.Fatalf("Fold(%q) = %q, which folds again to %q", s, got, Fold(got))
		}
		if d := norm.NFD.String(s); !strings.ContainsAny(d, "øØłŁßẞ") && !strings.ContainsFunc(d, func(r rune) bool {
			return isDiacritic(r) && (r < 0x300 || r > 0x36F)
		}) {
			if old := oldFold(s); old != got && !strings.ContainsRune(d, 'Đ') {
				t.Fatalf("Fold(%q) = %q, the search's old fold %q", s, got, old)
			}
		}
	})
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đào Công Tiến", "dao-cong-tien"},
		{"Cao Xuân Hoàng", "cao-xuan-hoang"},
		{"Nguyễn Thị Ánh Dương", "nguyen-thi-anh-duong"},
		{"Nguye\u0302\u0303n", "nguyen"}, // NFD
		{"Thủy Hoà Hòa", "thuy-hoa-hoa"},
		{"青山 真也", "青山-真也"},
		{"がんばる", "がんばる"},
		{"ＡＢＣ", "ａｂｃ"}, // width is the caller's: a slug keeps what it is given
		{"  José  Müller-Lüdenscheidt ", "jose-muller-ludenscheidt"},
		{"@b4b4r07", "b4b4r07"},
		{"Søren Straße", "soren-strasse"},
		{"posts/2019-01-05 Kỹ thuật", "posts-2019-01-05-ky-thuat"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Đào Công Tiến", "青山 真也", "Søren Straße", "a--b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("Slug(%q) = %q has a stray hyphen", s, got)
		}
		if again := Slug(got); again != got {
			t.Fatalf("Slug(%q) = %q, which slugs again to %q", s, got, again)
		}
	})
}

func TestNormalizeTone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòa", "hoà"}, {"hoà", "hoà"}, {"thủy", "thuỷ"}, {"thuỷ", "thuỷ"}, {"khỏe", "khoẻ"}, {"lòa", "loà"},
		{"họa", "hoạ"}, {"thúy", "thuý"}, {"quý", "quý"}, {"qúy", "qúy"}, {"hoàn", "hoàn"}, {"hỏi", "hỏi"},
		{"kỹ", "kỹ"}, {"ok", "ok"}, {"ò", "ò"}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(NormalizeTone([]byte(tt.in))); got != tt.want {
				t.Errorf("NormalizeTone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitTone(t *testing.T) {
	tests := []struct {
		in         rune
		base, tone rune
		ok         bool
	}{
		{'ộ', 'ô', ToneDot, true}, {'ừ', 'ư', ToneGrave, true}, {'ý', 'y', ToneAcute, true},
		{'ẵ', 'ă', ToneTilde, true}, {'ể', 'ê', ToneHook, true}, {'ô', 0, 0, false}, {'a', 0, 0, false}, {'Ộ', 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			base, tone, ok := SplitTone(tt.in)
			if base != tt.base || tone != tt.tone || ok != tt.ok {
				t.Errorf("SplitTone(%q) = %q, %U, %v; want %q, %U, %v", tt.in, base, tone, ok, tt.base, tt.tone, tt.ok)
			}
		})
	}
}

func TestIsKana(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
	}{
		{"hiragana", 'あ', true}, {"katakana", 'カ', true}, {"prolonged sound mark", 'ー', true},
		{"half-width katakana", 'ｶ', true}, {"half-width prolonged sound mark", 'ｰ', true},
		{"half-width voicing mark", 'ﾞ', true}, {"iteration mark", 'ゝ', true},
		{"phonetic extension", 'ㇰ', true}, {"squared katakana", '㌀', true}, {"kana supplement", '\U0001B001', true},
		{"middle dot", '・', false}, {"half-width middle dot", '･', false}, {"kanji", '漢', false},
		{"ideographic full stop", '。', false}, {"latin", 'a', false}, {"hangul", '한', false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsKana(tt.r); got != tt.want {
				t.Errorf("IsKana(%q) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

func TestHasKana(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"負荷分散装置", false}, {"負荷分散の話", true}, {"コンテナ", true}, {"ｶﾀｶﾅ", true},
		{"network", false}, {"・", false}, {"ー", true}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.ContainsFunc(tt.in, IsKana); got != tt.want {
				t.Errorf("ContainsFunc(IsKana)(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestHasKanaKeepsSearch checks that IsKana is the search's old rule on
// the Basic Multilingual Plane but for the half-width voicing marks ﾞﾟ,
// which follow a half-width kana anyway.
func TestHasKanaKeepsSearch(t *testing.T) {
	old := func(r rune) bool { return (r >= 0x3041 && r <= 0x30FF && r != 0x30FB) || (r >= 0xFF66 && r <= 0xFF9D) }
	for r := rune(0); r < 0x10000; r++ {
		if r == 0x3097 || r == 0x3098 || r == 0xFF9E || r == 0xFF9F || unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			continue // unassigned, the voicing marks, and the scripts' letters outside the blocks
		}
		if IsKana(r) != old(r) {
			t.Errorf("IsKana(%U) = %v, the search had %v", r, IsKana(r), old(r))
		}
	}
}

func TestIsCJK(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
	}{
		{"kanji", '漢', true}, {"iteration mark", '々', true}, {"ideographic zero", '〇', true},
		{"extension A", '㐀', true}, {"extension B", '𠀋', true}, {"compatibility ideograph", '\uF900', true},
		{"hiragana", 'の', true}, {"katakana", 'ネ', true}, {"prolonged sound mark", 'ー', true},
		{"half-width katakana", 'ｶ', true}, {"half-width prolonged sound mark", 'ｰ', true}, {"hangul", '한', true},
		{"middle dot", '・', false}, {"ideographic full stop", '。', false}, {"fullwidth latin", 'Ａ', false},
		{"vietnamese", 'ư', false}, {"latin", 'a', false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsCJK(tt.r); got != tt.want {
				t.Errorf("IsCJK(%q) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

func TestIsKatakanaWordRune(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
	}{
		{"katakana", 'マ', true}, {"prolonged sound mark", 'ー', true}, {"small katakana", 'ッ', true},
		{"phonetic extension", 'ㇰ', true}, {"middle dot", '・', false}, {"hiragana", 'の', false},
		{"kanji", '管', false}, {"half-width katakana", 'ｶ', false}, {"latin", 'a', false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsKatakanaWordRune(tt.r); got != tt.want {
				t.Errorf("IsKatakanaWordRune(%q) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

func TestScriptOf(t *testing.T) {
	tests := []struct {
		r    rune
		want CJKScript
	}{
		{'管', Ideographs}, {'々', Ideographs}, {'한', Ideographs},
		{'を', Hiragana}, {'ゝ', Hiragana}, {'ぁ', Hiragana},
		{'テ', Katakana}, {'ー', Katakana}, {'ヽ', Katakana}, {'ッ', Katakana},
		{'・', NotCJK}, {'a', NotCJK}, {'。', NotCJK}, {'1', NotCJK},
	}
	for _, tt := range tests {
		t.Run(string(tt.r), func(t *testing.T) {
			if got := ScriptOf(tt.r); got != tt.want {
				t.Errorf("ScriptOf(%q) = %d, want %d", tt.r, got, tt.want)
			}
		})
	}
}

func TestIsVietnameseLetter(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'đ', true}, {'Đ', true}, {'ư', true}, {'Ơ', true}, {'ă', true}, {'â', true}, {'ê', true}, {'ô', true},
		{'à', true}, {'Ý', true}, {'ỹ', true}, {'Ộ', true}, {'ĩ', true},
		{'a', false}, {'é', true}, {'ü', false}, {'ç', false}, {'ñ', false}, {'ø', false}, {'あ', false},
	}
	for _, tt := range tests {
		t.Run(string(tt.r), func(t *testing.T) {
			if got := IsVietnameseLetter(tt.r); got != tt.want {
				t.Errorf("IsVietnameseLetter(%q) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

// TestIsVietnameseLetterKeepsPost checks IsVietnameseLetter against the
// list that language detection had.
func TestIsVietnameseLetterKeepsPost(t *testing.T) {
	old := func(r rune) bool {
		return r >= 0x1EA0 && r <= 0x1EF9 || strings.ContainsRune("àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ", r)
	}
	for r := rune(0); r < 0x10000; r++ {
		if IsVietnameseLetter(r) != old(r) {
			t.Errorf("IsVietnameseLetter(%U %q) = %v, language detection had %v", r, r, IsVietnameseLetter(r), old(r))
		}
	}
}

func TestIsSyllable(t *testing.T) {
	valid := []string{
		"người", "Được", "ích", "nhiều", "nghiêng", "giữa", "gì", "gìn", "giếng", "quốc", "quyết",
		"quá", "khuya", "thuở", "ngoài", "hoạch", "tuyển", "Ở", "về", "vờ", "thời", "thỏi", "sử",
		"sờ", "kỹ", "ĐƯỢC", "a", "y", "yêu", "oán", "uống", "rượu", "xoong", "hoà", "hòa", "thuỷ", "thủy",
	}
	invalid := []string{
		"", "meetup", "file", "Kubernetes", "ví dụ", "ngươii", "cá\u0301", "kà", "ghà", "ngi",
		"cê", "qa", "gừngx", "NgƯời", "nắtp", "háth", "tàt", "mạcc", "sạnư", "ẑ", "ăo", "ví\u0300",
		"tat", "tảt", "tãt", "nghie\u0302\u0300ng",
	}
	for _, w := range valid {
		t.Run(w, func(t *testing.T) {
			if !IsSyllable(w) {
				t.Errorf("IsSyllable(%q) = false, want true", w)
			}
		})
	}
	for _, w := range invalid {
		t.Run("not "+w, func(t *testing.T) {
			if IsSyllable(w) {
				t.Errorf("IsSyllable(%q) = true, want false", w)
			}
		})
	}
}

func TestLooksLikeSyllable(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"nghiêng", true}, {"nghieng", true}, {"tat", true}, {"tát", true}, {"Được", true}, {"duoc", true},
		{"hoà", true}, {"hòa", true}, {"nghie\u0302\u0300ng", true}, {"go", true}, {"day", true}, {"you", true},
		{"gin", true}, {"kubernetes", false}, {"code", false}, {"k8s", false}, {"ネット", false}, {"", false},
		{"strong", false}, {"oaiu", false},
	}
	for _, tt := range tests {
		t.Run(tt.w, func(t *testing.T) {
			if got := LooksLikeSyllable(tt.w); got != tt.want {
				t.Errorf("LooksLikeSyllable(%q) = %v, want %v", tt.w, got, tt.want)
			}
		})
	}
}

// searchShape is the regular expression that the search matched folded
// query words with before LooksLikeSyllable took its outline from the
// syllable tables; FuzzLooksLikeSyllable holds the two equal.
var searchShape = regexp.MustCompile(`^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$`)

func FuzzLooksLikeSyllable(f *testing.F) {
	for _, s := range []string{"nghiêng", "tat", "you", "gin", "quyết", "strong", "oaiu", "Đ", "ｶ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if !utf8.ValidString(w) {
			return
		}
		want := len(w) <= 4*len("nghiêng") && searchShape.MatchString(Fold(strings.ToLower(w)))
		if got := LooksLikeSyllable(w); got != want {
			t.Fatalf("LooksLikeSyllable(%q) = %v, the search's shape says %v", w, got, want)
		}
		if IsSyllable(w) && !LooksLikeSyllable(w) {
			t.Fatalf("IsSyllable(%q) but not LooksLikeSyllable", w)
		}
	})
}

// TestNFCInert checks nfcInert against the normalisation tables: a rune it
// calls inert starts a segment and is NFC alone.
func TestNFCInert(t *testing.T) {
	for r := rune(0x3040); r < 0xF900; r++ {
		if !nfcInert(r) {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if !p.BoundaryBefore() || p.CCC() != 0 || !norm.NFC.IsNormalString(string(r)) {
			t.Errorf("nfcInert(%U) = true, but it may compose or reorder", r)
		}
	}
	for _, r := range []rune{0x3099, 0x309A, 0xA953} {
		if nfcInert(r) {
			t.Errorf("nfcInert(%U) = true, want false", r)
		}
	}
}
