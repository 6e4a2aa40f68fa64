import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, validate, ValidateNested } from 'class-validator';
import { ROLES } from '../../src/auth/permissions.js';
import { changeWords, fieldLabel, fieldMessage, fieldMessages } from '../../src/common/field-words.js';
import { IsCalendarDate, SingleLine } from '../../src/common/validation.js';
import { CreateActionDto } from '../../src/actions/action.dto.js';
import { CreateUserDto } from '../../src/users/user.dto.js';

const checked = async <T extends object>(type: new () => T, plain: object) => fieldMessages(await validate(plainToInstance(type, plain)));

describe('field words: what the service says about a field, in words a council officer uses', () => {
  it('names a field as a person knows it, with whose it is and which entry of a list', () => {
    expect(fieldLabel('title')).toBe('the title');
    expect(fieldLabel('owner.email')).toBe('the owner’s email address');
    expect(fieldLabel('leadOfficer.name')).toBe('the lead officer’s name');
    expect(fieldLabel('judgements.0.grade')).toBe('the grade for judgement 1');
    expect(fieldLabel('improvementAreas.2.leadOfficer.email')).toBe('the lead officer’s email address for improvement area 3');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });

  it('says what to do, the most basic problem first, with no field paths, rule names or lists of codes', async () => {
    const empty = await checked(CreateActionDto, { title: '', owner: { name: '', email: 'not an address' } });
    expect(empty).toEqual({
      title: ['Enter the title'],
      'owner.name': ['Enter the owner’s name'],
      'owner.email': ['Enter the owner’s email address in the correct format, like name@example.com'],
    });
    const user = await checked(CreateUserDto, { name: 'Ann', email: 'ann@example.com', role: 'superuser' });
    expect(user).toEqual({ role: ['Select a role'] });
    for (const message of [...Object.values(empty), ...Object.values(user)].flat()) {
      expect(message).not.toMatch(/owner\.|must be one of|should not be empty|admin|[a-z][A-Z]/);
    }
  });

  it('gives numbers and lengths in words, and keeps the order the fields are declared in', async () => {
    class Person {
      @IsEmail() email: string;
    }
    class Example {
      @IsString() @IsNotEmpty() @MaxLength(5) @SingleLine() text: string;
      @IsInt() @Min(0) @Max(100) percentComplete: number;
      @IsOptional() @IsCalendarDate() dueOn?: string;
      @IsOptional() @IsIn(ROLES) role?: string;
      @IsOptional() @ValidateNested() @Type(() => Person) owner?: Person;
    }
    expect(await checked(Example, { text: 'far too long', percentComplete: 140, dueOn: '2024-02-30', owner: { email: 'x' } })).toEqual({
      text: ['What has been done must be 5 characters or less'],
      percentComplete: ['How complete it is must be 100 or less'],
      dueOn: ['The due date must be a real date, like 2024-04-09'],
      'owner.email': ['Enter the owner’s email address in the correct format, like name@example.com'],
    });
    expect(Object.keys(await checked(Example, { text: 'a\nb', percentComplete: 1.5 }))).toEqual(['text', 'percentComplete']);
    expect((await checked(Example, { text: 'a\nb', percentComplete: -1 })).text).toEqual(['What has been done must be on one line']);
  });

  it('keeps a rule it has no words for readable, naming the field in words', () => {
    expect(fieldMessage('dueOn', { isFuture: 'dueOn must be in the future' })).toBe('The due date must be in the future');
    expect(fieldMessage('colour', { whitelistValidation: 'property colour should not exist' })).toBe('Colour is not something this takes');
  });

  it('says what a history entry changed, field by field, dates in words', () => {
    expect(
      changeWords({
        dueOn: { from: '2024-10-31', to: '2025-02-28' },
        ownerId: { from: null, to: 'sam.social@oxfordshire.gov.uk' },
        percentComplete: 40,
        rag: 'amber',
        sessionsEnded: 2,
        serviceAccount: true,
      }),
    ).toEqual([
      'Due date: 31 October 2024 to 28 February 2025',
      'Owner: sam.social@oxfordshire.gov.uk',
      'How complete it is: 40%',
      'RAG rating given with the update: amber',
      'Sessions ended: 2',
      'Whether this is a service account: yes',
    ]);
    expect(changeWords(null)).toEqual([]);
  });

  it('says a value came from an uploaded spreadsheet rather than showing the upload’s id', () => {
    expect(changeWords({ period: '2025-02', value: { from: 66, to: 68 }, upload: '0b9f2f4e-0f1c-4c57-9a4e-2d1f5f3c9e10' })).toEqual([
      'Month the value is for: February 2025',
      'Value: 66 to 68',
      'From an uploaded spreadsheet',
    ]);
  });

  it('names a person by their address where it knows them, and leaves an address it does not know as it is', () => {
    const people = { 'sam.social@oxfordshire.gov.uk': 'Sam Social' };
    expect(
      changeWords(
        { ownerId: { from: 'jo.brown@oxfordshire.gov.uk', to: 'sam.social@oxfordshire.gov.uk' }, owner: 'sam.social@oxfordshire.gov.uk' },
        people,
      ),
    ).toEqual(['Owner: jo.brown@oxfordshire.gov.uk to Sam Social', 'Owner: Sam Social']);
    // Only an address is looked up: a stored word that happens to be a property of every object is not.
    expect(changeWords({ rag: 'constructor' }, people)).toEqual(['RAG rating given with the update: constructor']);
  });
});
