// Reads an iCalendar file with two independent JavaScript parsers, as calendar clients built on
// them would, and prints what each understood as JSON: {parser: [{uid, summary, start, end, stamp}]},
// every time as an ISO 8601 instant in UTC. Run by tests/ics_readers.py: node tests/ics_readers.cjs FILE
'use strict';
const fs = require('fs');
const ICAL = require('ical.js');
const nodeical = require('node-ical');

const text = fs.readFileSync(process.argv[2], 'utf8');
const iso = (date) => date.toISOString();

function icaljs() {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // A client registers the file's own time zones before reading times that name them.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      start: iso(event.startDate.toJSDate()),
      end: iso(event.endDate.toJSDate()),
      stamp: iso(component.getFirstPropertyValue('dtstamp').toJSDate()),
    };
  });
}

function nodeIcal() {
  return Object.values(nodeical.sync.parseICS(text))
    .filter((component) => component.type === 'VEVENT')
    .map((event) => ({
      uid: event.uid,
      summary: typeof event.summary === 'string' ? event.summary : event.summary.val,
      start: iso(event.start),
      end: iso(event.end),
      stamp: iso(event.dtstamp),
    }));
}

process.stdout.write(JSON.stringify({ 'ical.js': icaljs(), 'node-ical': nodeIcal() }));
