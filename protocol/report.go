package protocol

import "time"

// Level 2.4: plays ride the periodic report. A board used to send the
// play a switch cut short with its acknowledgement, and the controller
// had to answer it with a plays_ack: two writes per board per switch
// where one (the manifest) is the floor. To a controller that announced
// 2.4, a board keeps its plays (as it already keeps unconfirmed ones on
// disk) and sends them in the same batch frame as its periodic status,
// every ReportEvery; earlier when it holds PlaysEarly of them, and at the
// start of a link. No message changes: a report is the batch of 2.3
// holding a status and a plays message, each answered as alone (the
// plays with a plays_ack once the controller stored them).

// ReportEvery is a board's reporting period: a status, and with it the
// plays kept since the last report.
const ReportEvery = 30 * time.Second

// PlaysEarly is how many unconfirmed plays a board of 2.4 holds before
// it sends them without waiting for its report. With items of at least
// playlists.MinItemSeconds a period records far fewer, so it is reached
// only by a board whose plays went unconfirmed (the controller could not
// store them, or the link was down): while the controller answers, a
// board holds fewer than PlaysEarly plays unsent, and at most
// MaxPlaysPerMessage more sent and awaiting their confirmation.
const PlaysEarly = 200
