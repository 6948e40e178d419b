package staff

import (
	"fmt"
	"net/http"

	"codong/assets/vnenc"
	"codong/controller/respond"
)

// Text pasted from old office documents may be TCVN3 (ABC) or VNI mojibake.
// What to do with it is the person's choice, never a silent rewrite:
// SloganInput.Legacy is "" (refuse and suggest the conversion), "convert"
// (store the converted text) or "keep" (store the text as typed).
const (
	legacyAsk     = ""
	legacyConvert = "convert"
	legacyKeep    = "keep"
)

// EncodingNames names the legacy encodings as staff know them.
var EncodingNames = map[vnenc.Encoding]string{
	vnenc.TCVN3: "TCVN3 (ABC, phông .VnTime)",
	vnenc.VNI:   "VNI-Windows",
}

// legacyCheck applies the person's choice about legacy encodings.
func legacyCheck(in SloganInput) (SloganInput, error) {
	switch in.Legacy {
	case legacyKeep:
		return in, nil
	case legacyAsk, legacyConvert:
	default:
		return in, respond.BadRequest("bad_legacy", fmt.Sprintf("legacy phải là \"convert\" hoặc \"keep\", không phải %q.", in.Legacy))
	}
	fixed, enc, changed := vnenc.Fix(in.Text)
	if !changed {
		return in, nil
	}
	if in.Legacy == legacyConvert {
		in.Text = fixed
		return in, nil
	}
	return in, &respond.Error{
		Status: http.StatusUnprocessableEntity,
		Code:   "legacy_encoding",
		Message: fmt.Sprintf("Văn bản có vẻ được gõ bằng bảng mã %s. Bản chuyển sang Unicode: «%s». "+
			"Hãy xác nhận: gửi lại với legacy=\"convert\" để dùng bản chuyển, hoặc legacy=\"keep\" để giữ nguyên.", EncodingNames[enc], fixed),
	}
}
