package xlsx

import (
	"github.com/xuri/excelize/v2"
)

// FontFamily is the font every style of the workbooks names. Calibri is what Excel users
// expect; LibreOffice renders it with Carlito (package fonts-crosextra-carlito), which has the
// same metrics, so columns are as wide in both.
const FontFamily = "Calibri"

const fontSize = 10

// Fill colours. Shift bands and lines use light tints so black text stays readable on paper.
const (
	colourEarly   = "FFF2CC" // early shift: light yellow
	colourDay     = "E2EFDA" // day shift: light green
	colourLate    = "DDEBF7" // late shift: light blue
	colourHeader  = "D9E1F2"
	colourShort   = "FFC7CE" // short of staff / under contract: light red
	colourShortFG = "9C0006"
	colourOver    = "FFEB9C" // above contract: light amber
	colourOverFG  = "9C5700"
	colourBreak   = "FFFFFF"
	colourDayRow  = "EDEDED"
	colourGrid    = "BFBFBF"
	colourCoord   = "1F3864" // the coordinator on duty: navy
)

// lineColours are the Gantt fills per line (dataset order), with a lighter tint for trainees
// and new staff; the last pair is for pooled shifts (both lines).
var lineColours = [][2]string{
	{"5B9BD5", "BDD7EE"}, // blue
	{"70AD47", "C5E0B4"}, // green
	{"ED7D31", "F8CBAD"}, // orange
	{"A5A5A5", "DBDBDB"}, // grey
	{"FFC000", "FFE699"}, // gold
}

var pooledColours = [2]string{"8E7CC3", "D9D2E9"} // purple

// styles holds the style ids of a workbook; they are created once, before any sheet is
// written, as the StreamWriter requires.
type styles struct {
	title, subtitle, left, link, label, note, text, textWrap, bold int
	header, headerWrap, headerRot, totalLabel, totalNum            int
	date, integer, dec1, pct0, pct1, secs                          int
	shortDec, shortInt, shortPct, shortPct0                        int
	band, bandCoord                                                [3]int
	legendCoord                                                    int
	gCoord                                                         int
	hoursOK                                                        int
	diffOK, diffUnder, diffOver                                    int
	legendUnder, legendOver, legendBreak                           int
	dayRow, name, nameIndent, with, withMissing, gBreak            int
	gLine, gTrainee                                                []int // per line of the dataset
	gPooled, gPooledTrainee                                        int
	pctTotal, secsTotal, dec1Total                                 int
}

func font(bold bool, size float64, colour string) *excelize.Font {
	return &excelize.Font{Family: FontFamily, Size: size, Bold: bold, Color: colour}
}

func solid(colour string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
}

func grid(colour string) []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: colour, Style: 1},
		{Type: "right", Color: colour, Style: 1},
		{Type: "top", Color: colour, Style: 1},
		{Type: "bottom", Color: colour, Style: 1},
	}
}

func newStyles(f *excelize.File, lines int) (*styles, error) {
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		if s.Font == nil {
			s.Font = font(false, fontSize, "")
		}
		// Numbers and texts of a row line up in the middle of the cell.
		if s.Alignment == nil {
			s.Alignment = &excelize.Alignment{Vertical: "center"}
		} else if s.Alignment.Vertical == "" {
			a := *s.Alignment
			a.Vertical = "center"
			s.Alignment = &a
		}
		id, e := f.NewStyle(s)
		if e != nil {
			err = e
		}
		return id
	}
	str := func(s string) *string { return &s }
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	wrapCenter := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	b := grid(colourGrid)
	st := &styles{}
	st.title = add(&excelize.Style{Font: font(true, 16, "1F3864")})
	st.subtitle = add(&excelize.Style{Font: font(true, 12, "1F3864")})
	st.left = add(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left"}})
	st.link = add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize, Color: "0563C1", Underline: "single"}, Border: b})
	st.label = add(&excelize.Style{Font: font(true, fontSize, ""), Alignment: left})
	st.note = add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize, Italic: true, Color: "595959"}})
	st.text = add(&excelize.Style{Alignment: left, Border: b})
	st.textWrap = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: b})
	st.bold = add(&excelize.Style{Font: font(true, fontSize, "")})
	st.header = add(&excelize.Style{Font: font(true, fontSize, ""), Fill: solid(colourHeader), Border: b,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	st.headerWrap = add(&excelize.Style{Font: font(true, fontSize, ""), Fill: solid(colourHeader), Border: b, Alignment: wrapCenter})
	st.headerRot = add(&excelize.Style{Font: font(true, 8, ""), Fill: solid(colourHeader), Border: b,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "bottom", TextRotation: 90}})
	st.totalLabel = add(&excelize.Style{Font: font(true, fontSize, ""), Border: b, Fill: solid(colourDayRow)})
	st.totalNum = add(&excelize.Style{Font: font(true, fontSize, ""), Border: b, Fill: solid(colourDayRow), CustomNumFmt: str("#,##0")})
	st.pctTotal = add(&excelize.Style{Font: font(true, fontSize, ""), Border: b, Fill: solid(colourDayRow), CustomNumFmt: str("0.0%")})
	st.secsTotal = add(&excelize.Style{Font: font(true, fontSize, ""), Border: b, Fill: solid(colourDayRow), CustomNumFmt: str("0")})
	st.dec1Total = add(&excelize.Style{Font: font(true, fontSize, ""), Border: b, Fill: solid(colourDayRow), CustomNumFmt: str("0.0")})
	st.date = add(&excelize.Style{Border: b, CustomNumFmt: str("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left"}})
	st.integer = add(&excelize.Style{Border: b, CustomNumFmt: str("#,##0")})
	st.dec1 = add(&excelize.Style{Border: b, CustomNumFmt: str("0.0")})
	st.pct0 = add(&excelize.Style{Border: b, CustomNumFmt: str("0%")})
	st.pct1 = add(&excelize.Style{Border: b, CustomNumFmt: str("0.0%")})
	st.secs = add(&excelize.Style{Border: b, CustomNumFmt: str("0")})
	st.shortDec = add(&excelize.Style{Border: b, CustomNumFmt: str("0.0"), Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG)})
	st.shortPct = add(&excelize.Style{Border: b, CustomNumFmt: str("0.0%"), Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG)})
	st.shortPct0 = add(&excelize.Style{Border: b, CustomNumFmt: str("0%"), Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG)})
	st.shortInt = add(&excelize.Style{Border: b, CustomNumFmt: str("0"), Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG)})
	for i, c := range []string{colourEarly, colourDay, colourLate} {
		st.band[i] = add(&excelize.Style{Fill: solid(c), Border: b, Alignment: wrapCenter})
		// the coordinator on duty: the same band, framed in the coordinator's colour
		st.bandCoord[i] = add(&excelize.Style{Fill: solid(c), Border: grid(colourCoord), Alignment: wrapCenter,
			Font: font(false, fontSize, colourCoord)})
	}
	st.legendCoord = add(&excelize.Style{Border: grid(colourCoord), Font: font(false, fontSize, colourCoord), Alignment: wrapCenter})
	st.gCoord = add(&excelize.Style{Fill: solid(colourCoord), Font: font(true, 8, "FFFFFF"), Alignment: center, Border: grid("FFFFFF")})
	st.hoursOK = add(&excelize.Style{Border: b, CustomNumFmt: str("0.0")})
	st.diffOK = add(&excelize.Style{Border: b, CustomNumFmt: str("+0.0;-0.0;0")})
	st.diffUnder = add(&excelize.Style{Border: b, CustomNumFmt: str("+0.0;-0.0;0"), Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG)})
	st.diffOver = add(&excelize.Style{Border: b, CustomNumFmt: str("+0.0;-0.0;0"), Fill: solid(colourOver), Font: font(true, fontSize, colourOverFG)})
	st.legendUnder = add(&excelize.Style{Fill: solid(colourShort), Font: font(true, fontSize, colourShortFG), Border: b, Alignment: wrapCenter})
	st.legendOver = add(&excelize.Style{Fill: solid(colourOver), Font: font(true, fontSize, colourOverFG), Border: b, Alignment: wrapCenter})
	st.legendBreak = add(&excelize.Style{Border: b, Alignment: wrapCenter})
	st.dayRow = add(&excelize.Style{Font: font(true, 11, "1F3864"), Fill: solid(colourDayRow)})
	st.name = add(&excelize.Style{Border: b, Alignment: &excelize.Alignment{Vertical: "center"}})
	st.nameIndent = add(&excelize.Style{Border: b, Font: &excelize.Font{Family: FontFamily, Size: fontSize, Italic: true},
		Alignment: &excelize.Alignment{Vertical: "center", Indent: 2}})
	st.with = add(&excelize.Style{Border: b, Font: &excelize.Font{Family: FontFamily, Size: 9, Color: "404040"}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	st.withMissing = add(&excelize.Style{Border: b, Font: font(true, 9, colourShortFG), Fill: solid(colourShort), Alignment: &excelize.Alignment{Vertical: "center"}})
	st.gBreak = add(&excelize.Style{Fill: solid(colourBreak), Font: font(true, 8, "595959"), Alignment: center,
		Border: grid("7F7F7F")})
	for i := range lines {
		c := lineColours[i%len(lineColours)]
		st.gLine = append(st.gLine, add(&excelize.Style{Fill: solid(c[0]), Border: grid("FFFFFF")}))
		st.gTrainee = append(st.gTrainee, add(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[1]}}, Border: grid("FFFFFF")}))
	}
	st.gPooled = add(&excelize.Style{Fill: solid(pooledColours[0]), Border: grid("FFFFFF")})
	st.gPooledTrainee = add(&excelize.Style{Fill: solid(pooledColours[1]), Border: grid("FFFFFF")})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// ganttStyle returns the Gantt fill of a shift on line group g (an index into the dataset's
// lines, or -1 for pooled) for a supervised person or not.
func (st *styles) ganttStyle(g int, trainee bool) int {
	switch {
	case g < 0 && trainee:
		return st.gPooledTrainee
	case g < 0:
		return st.gPooled
	case trainee:
		return st.gTrainee[g]
	}
	return st.gLine[g]
}
