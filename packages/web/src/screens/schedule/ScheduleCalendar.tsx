import type {
  DateSelectArg,
  DatesSetArg,
  DayHeaderContentArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
} from '@fullcalendar/core';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Badge, Box, Text, Tooltip } from '@mantine/core';
import { DateTime } from 'luxon';
import type { Block, DstNote, Occurrence } from './calendar-model';
import './calendar.css';

export interface MoveArgs {
  occurrence: Occurrence;
  start: string;
  end: string;
  revert: () => void;
}

function toEvent(b: Block, editable: boolean): EventInput {
  // Shade 8 under white text keeps the AA contrast; background blocks use the light tint.
  const color = `var(--mantine-color-${b.color}-${b.background ? 'light' : '8'})`;
  return {
    id: b.id,
    title: b.title,
    start: b.start,
    end: b.end,
    display: b.background ? 'background' : 'auto',
    backgroundColor: color,
    borderColor: b.conflict ? 'var(--mantine-color-red-filled)' : color,
    classNames: [`gr-${b.kind}`, ...(b.conflict ? ['gr-conflict'] : [])],
    editable: editable && !b.background,
    extendedProps: { block: b },
  };
}

function EventBody({ arg, timezone }: { arg: EventContentArg; timezone: string }) {
  const b = arg.event.extendedProps.block as Block | undefined;
  // The mirror drawn while selecting new time has no block behind it.
  if (b === undefined)
    return (
      <Text size="xs" c="white" px={4}>
        {arg.timeText}
      </Text>
    );
  if (b.background)
    return (
      <Text size="xs" c="dimmed" px={4} className="gr-bg-label" data-testid={`${b.kind}-hour`}>
        {b.continued ? '' : b.title}
      </Text>
    );
  const o = b.occurrence;
  const time = (iso: string) => DateTime.fromISO(iso, { zone: timezone }).toFormat('HH:mm');
  return (
    <Box
      px={4}
      py={2}
      style={{ overflow: 'hidden', height: '100%' }}
      data-testid="calendar-block"
      data-kind={b.kind}
      data-conflict={b.conflict ? 'true' : undefined}
    >
      <Text size="xs" fw={600} c="white" lh={1.2} truncate>
        {b.title}
      </Text>
      <Text size="xs" c="white" lh={1.2} truncate>
        {time(b.start)}–{time(b.end)}
        {o?.recurring ? ' · repeats' : ''}
        {o?.moved ? ' · moved' : ''}
      </Text>
      {b.conflict && (
        <Badge size="xs" color="red" variant="white">
          conflict
        </Badge>
      )}
    </Box>
  );
}

/**
 * The week (a day on a phone) in the station's zone: shows and entries as blocks, clock hours
 * and DST notes behind them. Dragging on empty time creates; dragging a block moves it, its
 * lower edge resizes it (the parent decides the scope and sends the change).
 */
export function ScheduleCalendar(props: {
  timezone: string;
  initialDate: string | undefined;
  phone: boolean;
  editable: boolean;
  blocks: Block[];
  dst: DstNote[];
  onRange: (range: { start: string; end: string; date: string }) => void;
  onCreate: (start: string, end: string) => void;
  onMove: (m: MoveArgs) => void;
  onOpen: (o: Occurrence) => void;
}) {
  const tz = props.timezone;
  const dstByDate = new Map(props.dst.map((d) => [d.date, d]));
  // The skipped or repeated hour of a DST day, drawn at its wall position (a floating time).
  const dstEvents: EventInput[] = props.dst.flatMap((d) =>
    d.wallHour === undefined
      ? []
      : [
          {
            id: `dst:${d.date}`,
            start: `${d.date}T${String(d.wallHour).padStart(2, '0')}:00:00`,
            end: `${d.date}T${String(d.wallHour + 1).padStart(2, '0')}:00:00`,
            display: 'background',
            classNames: [d.hours < 24 ? 'gr-dst-gap' : 'gr-dst-repeat'],
            extendedProps: {
              block: {
                id: `dst:${d.date}`,
                title: d.hours < 24 ? 'no such hour' : 'this hour twice',
                start: '',
                end: '',
                kind: 'dst',
                color: 'gray',
                background: true,
              } satisfies Block,
            },
          },
        ],
  );
  const header = (arg: DayHeaderContentArg) => {
    const date = DateTime.fromJSDate(arg.date, { zone: tz }).toISODate() ?? '';
    const note = dstByDate.get(date);
    return (
      <Box data-testid="day-header" data-date={date} data-hours={note?.hours ?? 24}>
        <div>{arg.text}</div>
        {note && (
          <Tooltip label={note.text} withArrow>
            <Badge
              size="xs"
              color={note.hours < 24 ? 'red.9' : 'blue.9'}
              tabIndex={0}
              aria-label={`${note.hours} h: ${note.text}`}
            >
              {note.hours} h
            </Badge>
          </Tooltip>
        )}
      </Box>
    );
  };
  const moved = (info: EventDropArg | EventResizeDoneArg) => {
    const b = info.event.extendedProps.block as Block;
    if (b.occurrence === undefined || info.event.start === null || info.event.end === null) {
      info.revert();
      return;
    }
    props.onMove({
      occurrence: b.occurrence,
      start: info.event.startStr,
      end: info.event.endStr,
      revert: info.revert,
    });
  };
  return (
    <Box className="gr-calendar" data-testid="schedule-calendar">
      <FullCalendar
        plugins={[timeGridPlugin, interactionPlugin, luxonPlugin]}
        initialView={props.phone ? 'timeGridDay' : 'timeGridWeek'}
        key={props.phone ? 'day' : 'week'}
        {...(props.initialDate !== undefined && { initialDate: props.initialDate })}
        timeZone={tz}
        firstDay={1}
        height="auto"
        allDaySlot={false}
        slotDuration="00:30:00"
        slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        dayHeaderFormat={
          props.phone
            ? { weekday: 'long', day: 'numeric', month: 'short' }
            : { weekday: 'short', day: 'numeric', month: 'numeric' }
        }
        headerToolbar={{
          left: 'prev,next today',
          center: 'title',
          right: props.phone ? '' : 'timeGridWeek,timeGridDay',
        }}
        // Text buttons: FullCalendar's chevron icons are role="img" without a name (axe).
        buttonIcons={false}
        buttonText={{ prev: '‹ Prev', next: 'Next ›', today: 'Today', week: 'Week', day: 'Day' }}
        nowIndicator
        editable={props.editable}
        selectable={props.editable}
        selectMirror
        eventOverlap
        snapDuration="00:15:00"
        events={[...props.blocks.map((b) => toEvent(b, props.editable)), ...dstEvents]}
        eventContent={(arg) => <EventBody arg={arg} timezone={tz} />}
        dayHeaderContent={header}
        datesSet={(arg: DatesSetArg) =>
          props.onRange({
            start: arg.startStr,
            end: arg.endStr,
            date: DateTime.fromJSDate(arg.view.currentStart, { zone: tz }).toISODate() ?? '',
          })
        }
        select={(arg: DateSelectArg) => {
          arg.view.calendar.unselect();
          props.onCreate(arg.startStr, arg.endStr);
        }}
        eventDrop={moved}
        eventResize={moved}
        eventClick={(arg: EventClickArg) => {
          const b = arg.event.extendedProps.block as Block;
          if (b.occurrence) props.onOpen(b.occurrence);
        }}
      />
    </Box>
  );
}
