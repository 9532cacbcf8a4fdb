package solver

import (
	"encoding/binary"
	"math"
)

// jointTouch is what an option adds to one joint: coef[i] to the staff of the joint's cell
// pos[i], times the worker's weight. key numbers the distinct touches of all joints, for the
// caches of the search.
type jointTouch struct {
	joint int32
	key   int32
	pos   []int32
	coef  []float64
}

// prepJoints lists, for every option, the joints it adds staff to, and numbers the distinct
// ways an option touches a joint (the same cells with the same coefficients) as cache keys.
func (p *prep) prepJoints() {
	m := p.m
	if len(m.Joints) == 0 {
		return
	}
	cellJoint := make([]int32, p.nC)
	cellPos := make([]int32, p.nC)
	for c := range cellJoint {
		cellJoint[c] = -1
	}
	for j, jt := range m.Joints {
		p.jointWidth = max(p.jointWidth, len(jt.Cells))
		for i, c := range jt.Cells {
			cellJoint[c], cellPos[c] = int32(j), int32(i)
		}
	}
	keys := make([]map[string]int32, len(m.Joints))
	for j := range keys {
		keys[j] = map[string]int32{}
	}
	p.optJoint = make([][][]jointTouch, m.Days)
	for d := range m.Days {
		p.optJoint[d] = make([][]jointTouch, len(m.Options[d]))
		for o := range m.Options[d] {
			var ts []jointTouch
			for _, cv := range m.Options[d][o].Cover {
				j := cellJoint[cv.Cell]
				if j < 0 {
					continue
				}
				k := touchOf(ts, j)
				if k < 0 {
					ts = append(ts, jointTouch{joint: j})
					k = len(ts) - 1
				}
				ts[k].pos = append(ts[k].pos, cellPos[cv.Cell])
				ts[k].coef = append(ts[k].coef, cv.Coef)
			}
			for k := range ts {
				var b []byte
				for i, pos := range ts[k].pos {
					b = binary.LittleEndian.AppendUint32(b, uint32(pos))
					b = binary.LittleEndian.AppendUint64(b, math.Float64bits(ts[k].coef[i]))
				}
				id, ok := keys[ts[k].joint][string(b)]
				if !ok {
					id = int32(len(keys[ts[k].joint]))
					keys[ts[k].joint][string(b)] = id
				}
				ts[k].key = id
			}
			p.optJoint[d][o] = ts
		}
	}
	p.jointKeys = make([]int32, len(m.Joints))
	for j := range m.Joints {
		p.jointKeys[j] = int32(p.nJointKeys)
		p.nJointKeys += len(keys[j])
	}
	for d := range p.optJoint {
		for o := range p.optJoint[d] {
			for k := range p.optJoint[d][o] {
				t := &p.optJoint[d][o][k]
				t.key += p.jointKeys[t.joint]
			}
		}
	}
}

// touchOf returns the index of joint j's touch in ts, or -1.
func touchOf(ts []jointTouch, j int32) int {
	for k := range ts {
		if ts[k].joint == j {
			return k
		}
	}
	return -1
}
