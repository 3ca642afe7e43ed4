package textfix

import "testing"

func TestIsSyllable(t *testing.T) {
	valid := []string{
		"người", "Được", "ích", "nhiều", "nghiêng", "giữa", "gì", "gìn", "giếng", "quốc", "quyết",
		"quá", "khuya", "thuở", "ngoài", "hoạch", "tuyển", "Ở", "về", "vờ", "thời", "thỏi", "sử",
		"sờ", "kỹ", "ĐƯỢC", "a", "y", "yêu", "oán", "uống", "rượu", "xoong",
	}
	invalid := []string{
		"", "meetup", "file", "Kubernetes", "ví dụ", "ngươii", "cá" + "\u0301", "kà", "ghà", "ngi",
		"cê", "qa", "gừng" + "x", "NgƯời", "nắt" + "p", "hát" + "h", "tàt", "mạc" + "c", "sạn" + "ư",
		"ẑ", "ăo", "ví\u0300",
	}
	for _, w := range valid {
		if !isSyllable(w) {
			t.Errorf("isSyllable(%q) = false, want true", w)
		}
	}
	for _, w := range invalid {
		if isSyllable(w) {
			t.Errorf("isSyllable(%q) = true, want false", w)
		}
	}
	// A stop coda takes only the rising and the heavy tone.
	for _, w := range []string{"tat", "tàt", "tảt", "tãt"} {
		if isSyllable(w) {
			t.Errorf("isSyllable(%q) = true with a stop coda", w)
		}
	}
}
